package dev.torch2jax.core;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Prints jaxprs the way JAX does: {@code { lambda c:f32[]; a:f32[3]. let ... in (b,) }}. */
public final class JaxprPrinter {
  private final Map<Var, String> names = new IdentityHashMap<>();

  private JaxprPrinter() {}

  /** The text of {@code jaxpr}; variables are named a, b, ..., z, ba, bb, ... in order. */
  public static String print(Jaxpr jaxpr) {
    return new JaxprPrinter().text(jaxpr, "");
  }

  private String text(Jaxpr jaxpr, String indent) {
    StringBuilder b = new StringBuilder("{ lambda ");
    b.append(binders(jaxpr.constvars()))
        .append("; ")
        .append(binders(jaxpr.invars()))
        .append(". let");
    for (JaxprEqn e : jaxpr.eqns()) {
      b.append('\n').append(indent).append("    ").append(binders(e.outputs())).append(" = ");
      b.append(e.primitive().name());
      String params = paramsText(e.params(), indent + "    ");
      if (!params.isEmpty()) {
        b.append('[').append(params).append(']');
      }
      for (Var v : e.inputs()) {
        b.append(' ').append(name(v));
      }
    }
    b.append('\n').append(indent).append("  in (");
    List<Var> outs = jaxpr.outvars();
    for (int i = 0; i < outs.size(); i++) {
      b.append(i > 0 ? ", " : "").append(name(outs.get(i)));
    }
    return b.append(outs.size() == 1 ? ",) }" : ") }").toString();
  }

  private String paramsText(Params params, String indent) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Object> e : params.asMap().entrySet()) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(e.getKey()).append('=');
      if (e.getValue() instanceof Jaxpr sub) {
        // One name space for the whole print, as JAX does, so inner variables read distinctly.
        b.append(text(sub, indent + "  "));
      } else {
        b.append(Params.of(e.getKey(), e.getValue()).toString().substring(e.getKey().length() + 1));
      }
    }
    return b.toString();
  }

  private String binders(List<Var> vars) {
    StringBuilder b = new StringBuilder();
    for (Var v : vars) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(name(v)).append(':').append(v.aval());
    }
    return b.toString();
  }

  private String name(Var v) {
    return names.computeIfAbsent(v, k -> varName(names.size()));
  }

  /** 0 -> a, 25 -> z, 26 -> ba, as JAX names variables. */
  static String varName(int index) {
    StringBuilder s = new StringBuilder();
    int i = index;
    do {
      s.insert(0, (char) ('a' + i % 26));
      i /= 26;
    } while (i > 0);
    return s.toString();
  }
}
