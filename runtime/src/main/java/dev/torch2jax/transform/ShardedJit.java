package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.JitShardings;
import dev.torch2jax.Mesh;
import dev.torch2jax.NamedSharding;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.ShardedArray;
import dev.torch2jax.core.Var;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.ModuleBuilder;
import dev.torch2jax.lax.ShardingOps;
import dev.torch2jax.pjrt.CompileOptions;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtDevice;
import dev.torch2jax.pjrt.PjrtExecutable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A function compiled once for a {@link Mesh} of devices by XLA's SPMD partitioner: its jaxpr is
 * lowered with GSPMD {@code mhlo.sharding} attributes on the arguments and results, compiled with
 * {@code num_partitions} = the mesh size and {@code use_spmd_partitioning}, and run with one
 * argument list per device (each device's shards); XLA inserts the collectives. Results are {@link
 * ShardedArray}s.
 *
 * <p>Under another transformation (tracer arguments) it is a plain {@link Jit}: the layout is a
 * property of the outermost compiled program.
 */
public final class ShardedJit implements Fn {
  private record Key(
      TreeDef argsDef, List<ShapedArray> avals, List<NamedSharding> inShardings, Mesh mesh) {}

  /** A compiled program: which partition runs on which mesh device, constants already placed. */
  private record Compiled(
      Staging.Staged staged,
      PjrtExecutable executable,
      int[] meshIndexOfPartition,
      List<ShardedArray> consts,
      List<NamedSharding> outShardings) {}

  private final Fn f;
  private final String name;
  private final JitShardings shardings;
  private final Jit plain;
  private final Map<Key, Compiled> cache = new ConcurrentHashMap<>();

  /** Wraps {@code f}; {@code name} labels its jaxprs and modules. */
  public ShardedJit(Fn f, String name, JitShardings shardings) {
    this.f = f;
    this.name = name;
    this.shardings = shardings;
    this.plain = new Jit(f, name);
  }

  @Override
  public Object apply(Object... args) {
    TreeDef.Flat in = TreeDef.flatten(Arrays.asList(args));
    if (!in.leaves().stream()
        .allMatch(a -> a instanceof DeviceArray || a instanceof ShardedArray)) {
      return plain.apply(args);
    }
    Key key = key(args, in);
    List<NamedSharding> inShardings = key.inShardings();
    Compiled c = cache.computeIfAbsent(key, this::compile);
    List<ShardedArray> placed = new ArrayList<>();
    List<ShardedArray> operands = new ArrayList<>(c.consts());
    try {
      for (int i = 0; i < in.leaves().size(); i++) {
        Array leaf = in.leaves().get(i);
        NamedSharding s = inShardings.get(i);
        if (leaf instanceof ShardedArray sharded) {
          operands.add(sharded);
        } else {
          ShardedArray p = ShardedArray.place(leaf, s);
          placed.add(p);
          operands.add(p);
        }
      }
      return c.staged().outDef().unflatten(run(c, operands));
    } finally {
      placed.forEach(ShardedArray::close);
    }
  }

  private List<Array> run(Compiled c, List<ShardedArray> operands) {
    int partitions = c.meshIndexOfPartition().length;
    PjrtBuffer[][] lists = new PjrtBuffer[partitions][operands.size()];
    for (int p = 0; p < partitions; p++) {
      for (int i = 0; i < operands.size(); i++) {
        lists[p][i] = operands.get(i).shards().get(c.meshIndexOfPartition()[p]);
      }
    }
    PjrtBuffer[][] out = c.executable().executeSharded(lists);
    List<ShapedArray> avals = c.staged().closed().jaxpr().outAvals();
    List<Array> results = new ArrayList<>(avals.size());
    for (int o = 0; o < avals.size(); o++) {
      PjrtBuffer[] byMesh = new PjrtBuffer[partitions];
      for (int p = 0; p < partitions; p++) {
        byMesh[c.meshIndexOfPartition()[p]] = out[p][o];
      }
      results.add(new ShardedArray(avals.get(o), c.outShardings().get(o), List.of(byMesh)));
    }
    return results;
  }

  /**
   * One sharding per array leaf: the argument's given sharding, else the leaf's own (a sharded
   * array), else replicated; all on one mesh, and a sharded array must already have its sharding.
   */
  private Key key(Object[] args, TreeDef.Flat in) {
    List<Array> leaves = in.leaves();
    List<NamedSharding> given = new ArrayList<>(leaves.size());
    List<Integer> argumentOf = new ArrayList<>(leaves.size());
    for (int a = 0; a < args.length; a++) {
      int count = TreeDef.flatten(args[a]).leaves().size();
      NamedSharding s = a < shardings.inShardings().size() ? shardings.inShardings().get(a) : null;
      for (int k = 0; k < count; k++) {
        given.add(s);
        argumentOf.add(a);
      }
    }
    Mesh mesh = mesh(given, leaves);
    List<NamedSharding> out = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      NamedSharding want = given.get(i);
      if (leaves.get(i) instanceof ShardedArray s) {
        if (!s.sharding().mesh().equals(mesh)) {
          throw new IllegalArgumentException(
              "%s: argument %d lives on %s, but the function runs on %s; move it there with Jax.devicePut(x, sharding)"
                  .formatted(name, argumentOf.get(i), s.sharding().mesh(), mesh));
        }
        if (want != null && !want.equals(s.sharding())) {
          throw new IllegalArgumentException(
              "%s: argument %d is sharded as %s, but in_shardings asks for %s; reshard it with Jax.devicePut(x, sharding)"
                  .formatted(name, argumentOf.get(i), s.sharding().spec(), want.spec()));
        }
        want = s.sharding();
      }
      out.add(want != null ? want : NamedSharding.replicated(mesh));
    }
    return new Key(in.def(), Staging.avals(leaves), List.copyOf(out), mesh);
  }

  /**
   * The one mesh of the given in and out shardings, or, when none is given, of the sharded
   * arguments (which {@link #key} then checks against it).
   */
  private Mesh mesh(List<NamedSharding> given, List<Array> leaves) {
    List<Mesh> meshes = new ArrayList<>();
    given.stream().filter(Objects::nonNull).forEach(s -> meshes.add(s.mesh()));
    shardings.outShardings().stream().filter(Objects::nonNull).forEach(s -> meshes.add(s.mesh()));
    if (meshes.isEmpty()) {
      for (Array leaf : leaves) {
        if (leaf instanceof ShardedArray s) {
          meshes.add(s.sharding().mesh());
        }
      }
    }
    if (meshes.isEmpty()) {
      throw new IllegalArgumentException(
          "%s: no sharding names a mesh: give in/out shardings or pass sharded arrays"
              .formatted(name));
    }
    Mesh mesh = meshes.getFirst();
    for (Mesh m : meshes) {
      if (!m.equals(mesh)) {
        throw new IllegalArgumentException(
            "%s: shardings on two meshes, %s and %s; one jit runs on one mesh, move arrays with Jax.devicePut(x, sharding)"
                .formatted(name, mesh, m));
      }
    }
    return mesh;
  }

  private Compiled compile(Key key) {
    Mesh mesh = key.mesh();
    Staging.Staged staged = Staging.stage(f, key.argsDef(), key.avals());
    List<ShardedArray> consts = new ArrayList<>();
    for (Array c : staged.closed().consts()) {
      consts.add(
          c instanceof ShardedArray s && s.sharding().mesh().equals(mesh)
              ? s
              : ShardedArray.place(c, NamedSharding.replicated(mesh)));
    }
    List<NamedSharding> outShardings = outputShardings(mesh, staged.closed().jaxpr().outAvals());
    List<NamedSharding> inAll = new ArrayList<>();
    consts.forEach(c -> inAll.add(c.sharding()));
    inAll.addAll(key.inShardings());
    String module =
        ScopedValue.where(ShardingOps.LOWERING_MESH, mesh)
            .call(() -> lower(staged, inAll, outShardings));
    int[] deviceIds = mesh.devices().stream().mapToInt(PjrtDevice::id).toArray();
    PjrtExecutable executable = mesh.client().compile(module, CompileOptions.spmd(deviceIds));
    return new Compiled(
        staged, executable, meshIndexOfPartition(mesh, executable), consts, outShardings);
  }

  private List<NamedSharding> outputShardings(Mesh mesh, List<ShapedArray> outAvals) {
    List<NamedSharding> given = shardings.outShardings();
    if (given.size() > 1 && given.size() != outAvals.size()) {
      throw new IllegalArgumentException(
          "%s: %d out_shardings for %d outputs; give one per output array or one for all"
              .formatted(name, given.size(), outAvals.size()));
    }
    List<NamedSharding> out = new ArrayList<>();
    for (int o = 0; o < outAvals.size(); o++) {
      NamedSharding s = given.isEmpty() ? null : given.get(given.size() == 1 ? 0 : o);
      s = s != null ? s : NamedSharding.replicated(mesh);
      s.shardShape(outAvals.get(o).shape());
      out.add(s);
    }
    return out;
  }

  private String lower(
      Staging.Staged staged, List<NamedSharding> in, List<NamedSharding> outShardings) {
    var jaxpr = staged.closed().jaxpr();
    ModuleBuilder m = ModuleBuilder.create(name);
    FunctionBuilder main =
        m.function("main", jaxpr.allInputs().stream().map(v -> v.aval().tensorType()).toList());
    main.returns(
        Lowerer.inline(main, jaxpr, main.params()).toArray(dev.torch2jax.hlo.Value[]::new));
    List<Var> inputs = jaxpr.allInputs();
    List<String> params = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      params.add(in.get(i).hloSharding(inputs.get(i).aval().rank()));
    }
    List<String> results = new ArrayList<>();
    List<ShapedArray> outAvals = jaxpr.outAvals();
    for (int o = 0; o < outAvals.size(); o++) {
      results.add(outShardings.get(o).hloSharding(outAvals.get(o).rank()));
    }
    main.shardings(params, results);
    return m.toText();
  }

  /** For each partition (argument list) of the executable, the mesh position of its device. */
  private static int[] meshIndexOfPartition(Mesh mesh, PjrtExecutable executable) {
    long[] addresses = executable.addressableDevices();
    int[] out = new int[addresses.length];
    for (int p = 0; p < addresses.length; p++) {
      out[p] = -1;
      for (int i = 0; i < mesh.size(); i++) {
        if (mesh.devices().get(i).address() == addresses[p]) {
          out[p] = i;
        }
      }
      if (out[p] < 0) {
        throw new IllegalStateException(
            "XLA placed partition %d on a device outside %s".formatted(p, mesh));
      }
    }
    if (addresses.length != mesh.size()) {
      throw new IllegalStateException(
          "XLA compiled for %d devices, the mesh has %d".formatted(addresses.length, mesh.size()));
    }
    return out;
  }

  /** How many programs were compiled (once per argument signature and shardings). */
  public int compileCount() {
    return cache.size();
  }
}
