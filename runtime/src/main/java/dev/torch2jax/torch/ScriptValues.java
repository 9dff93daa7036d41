package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.torch.ScriptGraph.Node;
import dev.torch2jax.torch.TensorRef.Storage;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.pytorch.ClassType;
import org.bytedeco.pytorch.FunctionType;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueOptional;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.SizeTOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * TorchScript values read from libtorch: graph constants, module attributes and the parameters and
 * buffers of one call's state dict (each key read once, so writes to a buffer are seen by later
 * reads).
 */
final class ScriptValues {
  private final Interpreter interpreter;
  private final Map<String, Array> stateDict;
  private final Map<String, Storage> stateStorages = new HashMap<>();
  private final Boolean training;

  /**
   * @param training the value every module's {@code training} attribute reads as, or null for the
   *     modules' own
   */
  ScriptValues(Interpreter interpreter, Map<String, Array> stateDict, Boolean training) {
    this.interpreter = interpreter;
    this.stateDict = stateDict;
    this.training = training;
  }

  /**
   * The state after the call: each entry of the state dict with its current value (the arrays
   * passed in where the call did not write them).
   */
  Map<String, Array> finalState() {
    Map<String, Array> out = new LinkedHashMap<>(stateDict);
    stateStorages.forEach((k, s) -> out.put(k, s.value()));
    return out;
  }

  /** The value of a {@code prim::Constant}. */
  Object constant(Node n) {
    org.bytedeco.pytorch.Value out = n.jit().output();
    org.bytedeco.pytorch.Type t = out.type().get();
    if (t.str().getString().startsWith("Function") || n.outType().equals("Function")) {
      return new FunctionValue(new FunctionType(t).function());
    }
    IValueOptional iv = torch.toIValue(out);
    if (!iv.has_value()) {
      throw interpreter.unsupported(
          n, "a constant of type %s that has no value".formatted(t.str().getString()));
    }
    Object value = read(iv.get(), detail -> interpreter.unsupported(n, detail));
    Reference.reachabilityFence(iv);
    return value;
  }

  /**
   * An IValue (a constant, a module attribute, a default argument) as an interpreter value. The
   * binding returns tensors and elements as references into their owners, so {@code v} is kept
   * reachable until the values are read.
   *
   * @param error makes the exception for a kind of value the interpreter has no form for
   */
  static Object read(IValue v, Function<String, RuntimeException> error) {
    try {
      return readValue(v, error);
    } finally {
      Reference.reachabilityFence(v);
    }
  }

  private static Object readValue(IValue v, Function<String, RuntimeException> error) {
    if (v.isNone()) {
      return null;
    }
    if (v.isTensor()) {
      return TensorRef.fresh(T2J.t2j(v.toTensor()));
    }
    if (v.isBool()) {
      return v.toBool();
    }
    if (v.isInt()) {
      return v.toInt();
    }
    if (v.isDouble()) {
      return v.toDouble();
    }
    if (v.isString()) {
      // The binding maps an empty std::string to a null pointer (toStringRef() is null for "");
      // ConstantString.toString() copies the text, empty or not.
      return v.toConstantString().toString();
    }
    if (v.isDevice()) {
      return v.toDevice().str().getString();
    }
    if (v.isIntList()) {
      List<Object> out = new ArrayList<>();
      for (long x : v.toIntVector().get()) {
        out.add(x);
      }
      return out;
    }
    if (v.isDoubleList()) {
      List<Object> out = new ArrayList<>();
      for (double x : v.toDoubleVector().get()) {
        out.add(x);
      }
      return out;
    }
    if (v.isBoolList()) {
      List<Object> out = new ArrayList<>();
      org.bytedeco.pytorch.BooleanList bl = v.toBoolList();
      for (int i = 0; i < bl.size(); i++) {
        out.add(bl.get(i));
      }
      return out;
    }
    if (v.isTensorList()) {
      List<Object> out = new ArrayList<>();
      for (org.bytedeco.pytorch.Tensor x : v.toTensorVector().get()) {
        out.add(TensorRef.fresh(T2J.t2j(x)));
      }
      return out;
    }
    if (v.isList()) {
      List<Object> out = new ArrayList<>();
      org.bytedeco.pytorch.GenericList l = v.toList();
      for (int i = 0; i < l.size(); i++) {
        out.add(read(l.get(i), error));
      }
      return out;
    }
    if (v.isTuple()) {
      List<Object> out = new ArrayList<>();
      org.bytedeco.pytorch.TupleElements e = v.toTuple().elements();
      for (int i = 0; i < e.size(); i++) {
        out.add(read(e.get(i), error));
      }
      return InterpreterValues.tuple(out);
    }
    if (v.isGenericDict()) {
      Map<Object, Object> out = new LinkedHashMap<>();
      org.bytedeco.pytorch.GenericDict d = v.toGenericDict();
      for (org.bytedeco.pytorch.GenericDictIterator it = d.begin();
          !it.equals(d.end());
          it = it.increment()) {
        out.put(read(it.access().key(), error), read(it.access().value(), error));
      }
      return out;
    }
    if (v.isObject() && v.toObject().type().is_module()) {
      return new ModuleValue(new JitModule(v.toObject()), "");
    }
    throw error.apply("a value of kind " + v.tagKind().getString());
  }

  /** {@code prim::GetAttr}: a parameter or buffer from the state dict, a submodule, a constant. */
  Object getAttr(Node n, Object owner) {
    String name = n.attr();
    if (training != null && name.equals("training") && owner instanceof ModuleValue) {
      return training;
    }
    if (!(owner instanceof ModuleValue m)) {
      throw interpreter.unsupported(
          n,
          "attribute '%s' of a non-module value %s"
              .formatted(name, InterpreterValues.describe(owner)));
    }
    ClassType type = m.module().type();
    SizeTOptional slot = type.findAttributeSlot(name);
    if (!slot.has_value()) {
      if (type.hasConstant(name)) {
        return read(type.getConstant(name), detail -> interpreter.unsupported(n, detail));
      }
      throw interpreter.unsupported(
          n, "module %s has no attribute '%s'".formatted(type.str().getString(), name));
    }
    long s = slot.get();
    if (type.is_parameter(s) || type.is_buffer(s)) {
      IValue v = m.module().attr(name);
      if (v.isNone()) {
        return null;
      }
      return state(m.prefix() + name);
    }
    if (type.getAttribute(s).get().is_module()) {
      return new ModuleValue(
          new JitModule(m.module().attr(name).toObject()), m.prefix() + name + ".");
    }
    return read(m.module().attr(name), detail -> interpreter.unsupported(n, detail));
  }

  /** {@code prim::SetAttr} of a tensor buffer: later reads in this call see the new tensor. */
  void setAttr(Node n, Object owner, Object value) {
    String name = n.attr();
    if (owner instanceof ModuleValue m && value instanceof TensorRef r) {
      ClassType type = m.module().type();
      SizeTOptional slot = type.findAttributeSlot(name);
      if (slot.has_value() && (type.is_parameter(slot.get()) || type.is_buffer(slot.get()))) {
        TensorRef target = state(m.prefix() + name);
        interpreter.writes().set(target.storage, interpreter.read(r));
        return;
      }
    }
    throw interpreter.unsupported(
        n, "assigning module attribute '%s' (only tensor buffers)".formatted(name));
  }

  private TensorRef state(String key) {
    Storage s = stateStorages.get(key);
    if (s != null) {
      return TensorRef.of(s);
    }
    Array a = stateDict.get(key);
    if (a == null) {
      throw new IllegalStateException("state dict has no entry '" + key + "'");
    }
    TensorRef r = TensorRef.fresh(a);
    stateStorages.put(key, r.storage);
    return r;
  }
}
