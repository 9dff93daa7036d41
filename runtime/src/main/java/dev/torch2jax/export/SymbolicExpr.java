package dev.torch2jax.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A symbolic size as the archive writes it: sympy's {@code srepr}, e.g. {@code Mul(Integer(2),
 * Symbol('s77', positive=True, integer=True))}. Supports Symbol, Integer, Add, Mul, FloorDiv, Mod,
 * Max, Min, Pow and Neg on integers.
 */
sealed interface SymbolicExpr {

  /** The value with each symbol bound by {@code symbols}. */
  long eval(Map<String, Long> symbols);

  record Symbol(String name) implements SymbolicExpr {
    @Override
    public long eval(Map<String, Long> symbols) {
      Long v = symbols.get(name);
      if (v == null) {
        throw new IllegalArgumentException(
            "symbolic size %s is not bound by any input dimension".formatted(name));
      }
      return v;
    }
  }

  record Constant(long value) implements SymbolicExpr {
    @Override
    public long eval(Map<String, Long> symbols) {
      return value;
    }
  }

  record Call(String function, List<SymbolicExpr> args) implements SymbolicExpr {
    @Override
    public long eval(Map<String, Long> symbols) {
      long a = args.getFirst().eval(symbols);
      for (SymbolicExpr e : args.subList(1, args.size())) {
        long b = e.eval(symbols);
        a =
            switch (function) {
              case "Add" -> a + b;
              case "Mul" -> a * b;
              case "FloorDiv" -> Math.floorDiv(a, b);
              case "Mod", "PythonMod" -> Math.floorMod(a, b);
              case "Max" -> Math.max(a, b);
              case "Min" -> Math.min(a, b);
              case "Pow" -> (long) Math.pow(a, b);
              default ->
                  throw new IllegalArgumentException(
                      "symbolic size function %s is not supported".formatted(function));
            };
      }
      return function.equals("Neg") ? -a : a;
    }
  }

  /**
   * Reads an {@code srepr} string.
   *
   * @throws IllegalArgumentException for a form it does not know
   */
  static SymbolicExpr parse(String text) {
    Reader r = new Reader(text);
    SymbolicExpr e = r.expr();
    if (r.at < text.length()) {
      throw r.error();
    }
    return e;
  }

  /** Recursive descent over {@code Name(args...)}. */
  final class Reader {
    private final String s;
    private int at;

    Reader(String s) {
      this.s = s;
    }

    SymbolicExpr expr() {
      skipSpaces();
      int start = at;
      while (at < s.length() && Character.isLetterOrDigit(s.charAt(at))) {
        at++;
      }
      String name = s.substring(start, at);
      expect('(');
      SymbolicExpr out;
      switch (name) {
        case "Symbol" -> {
          out = new Symbol(quoted());
          skipTo(')');
        }
        case "Integer" -> {
          int from = at;
          while (at < s.length() && s.charAt(at) != ')') {
            at++;
          }
          out = new Constant(Long.parseLong(s.substring(from, at).strip()));
        }
        default -> {
          List<SymbolicExpr> args = new ArrayList<>();
          args.add(expr());
          skipSpaces();
          while (at < s.length() && s.charAt(at) == ',') {
            at++;
            args.add(expr());
            skipSpaces();
          }
          out = new Call(name, List.copyOf(args));
        }
      }
      expect(')');
      return out;
    }

    private String quoted() {
      skipSpaces();
      char q = s.charAt(at);
      int end = s.indexOf(q, at + 1);
      if ((q != '\'' && q != '"') || end < 0) {
        throw error();
      }
      String name = s.substring(at + 1, end);
      at = end + 1;
      return name;
    }

    /** Skips keyword arguments such as {@code positive=True} up to the closing parenthesis. */
    private void skipTo(char c) {
      while (at < s.length() && s.charAt(at) != c) {
        at++;
      }
    }

    private void expect(char c) {
      skipSpaces();
      if (at >= s.length() || s.charAt(at) != c) {
        throw error();
      }
      at++;
    }

    private void skipSpaces() {
      while (at < s.length() && s.charAt(at) == ' ') {
        at++;
      }
    }

    IllegalArgumentException error() {
      return new IllegalArgumentException(
          "cannot read the symbolic size '%s' at character %d".formatted(s, at));
    }
  }
}
