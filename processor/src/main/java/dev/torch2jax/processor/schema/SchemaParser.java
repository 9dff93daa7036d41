package dev.torch2jax.processor.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses ATen schema strings as libtorch prints them.
 *
 * <p>Grammar (whitespace between tokens is free):
 *
 * <pre>
 * schema   := name ('.' overload)? '(' (arg (',' arg)*)? ')' '->' returns
 * arg      := '*' | '...' | type ident ('=' default)?
 * returns  := '...' | '(' ')' | '(' ret (',' ret)* ')' | ret
 * ret      := type ident?
 * type     := base suffix*
 * base     := '(' type ident? (',' type ident?)* ')'   -- a tuple
 *           | 'Dict' '(' type ',' type ')'
 *           | ident ('.' ident)*
 * suffix   := '(' alias ')' | '[' digits? ']' | '?'
 * default  := 'None' | 'True' | 'False' | number | string | '[' (default (',' default)*)? ']'
 *           | ident
 * </pre>
 */
public final class SchemaParser {
  private final String text;
  private int pos;

  private SchemaParser(String text) {
    this.text = text;
  }

  /**
   * Parses one schema.
   *
   * @throws IllegalArgumentException naming the position, for text that is not a schema
   */
  public static Schema parse(String text) {
    return new SchemaParser(text).schema();
  }

  /**
   * Parses a type on its own, e.g. {@code "int[2]?"}.
   *
   * @throws IllegalArgumentException for text that is not a type
   */
  public static SchemaType parseType(String text) {
    SchemaParser p = new SchemaParser(text);
    SchemaType t = p.type();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("end of type");
    }
    return t;
  }

  private Schema schema() {
    skipSpace();
    String qualified = qualifiedName();
    String name = qualified;
    String overload = "";
    int sep = qualified.indexOf("::");
    int dot = qualified.indexOf('.', sep < 0 ? 0 : sep + 2);
    if (dot >= 0) {
      name = qualified.substring(0, dot);
      overload = qualified.substring(dot + 1);
    }
    expect('(');
    List<Schema.Argument> args = new ArrayList<>();
    boolean kwargOnly = false;
    boolean varargs = false;
    skipSpace();
    if (!peek(')')) {
      do {
        skipSpace();
        if (tryConsume("...")) {
          varargs = true;
        } else if (peek('*')) {
          pos++;
          kwargOnly = true;
        } else {
          args.add(argument(kwargOnly));
        }
        skipSpace();
      } while (tryConsume(","));
    }
    expect(')');
    skipSpace();
    if (!tryConsume("->")) {
      throw error("'->'");
    }
    skipSpace();
    List<Schema.Return> returns = new ArrayList<>();
    boolean varret = false;
    if (tryConsume("...")) {
      varret = true;
    } else if (peek('(') && isReturnTuple()) {
      expect('(');
      skipSpace();
      if (!peek(')')) {
        do {
          returns.add(ret());
          skipSpace();
        } while (tryConsume(","));
      }
      expect(')');
    } else {
      returns.add(ret());
    }
    skipSpace();
    if (pos != text.length()) {
      throw error("end of schema");
    }
    return new Schema(
        name, overload, List.copyOf(args), List.copyOf(returns), varargs, varret, text);
  }

  /** A '(' at the start of the returns opens the return list unless a suffix follows its ')'. */
  private boolean isReturnTuple() {
    int close = matching(pos);
    int after = close + 1;
    while (after < text.length() && text.charAt(after) == ' ') {
      after++;
    }
    return after >= text.length() || (text.charAt(after) != '[' && text.charAt(after) != '?');
  }

  private Schema.Argument argument(boolean kwargOnly) {
    int start = pos;
    TypeWithAlias t = typeWithAlias();
    skipSpace();
    String name = identifier();
    if (name.isEmpty()) {
      pos = start;
      throw error("argument name");
    }
    skipSpace();
    DefaultValue dflt = null;
    if (tryConsume("=")) {
      skipSpace();
      dflt = defaultValue();
    }
    return new Schema.Argument(name, t.type, t.alias, dflt, kwargOnly);
  }

  private Schema.Return ret() {
    skipSpace();
    TypeWithAlias t = typeWithAlias();
    skipSpace();
    String name = identifier();
    return new Schema.Return(t.type, name.isEmpty() ? null : name);
  }

  private record TypeWithAlias(SchemaType type, String alias) {}

  private SchemaType type() {
    return typeWithAlias().type;
  }

  private TypeWithAlias typeWithAlias() {
    skipSpace();
    SchemaType base;
    if (peek('(')) {
      pos++;
      List<SchemaType> elements = new ArrayList<>();
      List<String> names = new ArrayList<>();
      do {
        skipSpace();
        elements.add(type());
        skipSpace();
        String n = identifier();
        names.add(n.isEmpty() ? null : n);
        skipSpace();
      } while (tryConsume(","));
      expect(')');
      base = new SchemaType.Tuple(List.copyOf(elements), Collections.unmodifiableList(names));
    } else {
      String name = qualifiedName();
      if (name.isEmpty()) {
        throw error("type");
      }
      if (name.equals("Dict") && peek('(')) {
        pos++;
        SchemaType key = type();
        skipSpace();
        expect(',');
        SchemaType value = type();
        skipSpace();
        expect(')');
        base = new SchemaType.Dict(key, value);
      } else {
        base = new SchemaType.Named(name);
      }
    }
    String alias = null;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '(') {
        int close = matching(pos);
        alias = text.substring(pos + 1, close).trim();
        pos = close + 1;
      } else if (c == '[') {
        int close = text.indexOf(']', pos);
        if (close < 0) {
          throw error("']'");
        }
        String digits = text.substring(pos + 1, close).trim();
        int size;
        try {
          size = digits.isEmpty() ? -1 : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
          throw error("list size");
        }
        base = new SchemaType.ListOf(base, size);
        pos = close + 1;
      } else if (c == '?') {
        base = new SchemaType.Optional(base);
        pos++;
      } else {
        break;
      }
    }
    return new TypeWithAlias(base, alias);
  }

  private DefaultValue defaultValue() {
    skipSpace();
    if (peek('[')) {
      pos++;
      List<DefaultValue> elements = new ArrayList<>();
      skipSpace();
      if (!peek(']')) {
        do {
          elements.add(defaultValue());
          skipSpace();
        } while (tryConsume(","));
      }
      expect(']');
      return new DefaultValue.ListOf(List.copyOf(elements));
    }
    if (peek('"') || peek('\'')) {
      return new DefaultValue.Str(stringLiteral());
    }
    int start = pos;
    while (pos < text.length() && ",)] ".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    String token = text.substring(start, pos);
    if (token.isEmpty()) {
      throw error("default value");
    }
    switch (token) {
      case "None":
        return new DefaultValue.None();
      case "True":
        return new DefaultValue.Bool(true);
      case "False":
        return new DefaultValue.Bool(false);
      case "inf":
        return new DefaultValue.Float(Double.POSITIVE_INFINITY);
      case "-inf":
        return new DefaultValue.Float(Double.NEGATIVE_INFINITY);
      case "nan":
        return new DefaultValue.Float(Double.NaN);
      default:
        break;
    }
    if (token.matches("-?\\d+")) {
      return new DefaultValue.Int(Long.parseLong(token));
    }
    if (token.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
      return new DefaultValue.Float(Double.parseDouble(token));
    }
    if (token.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      return new DefaultValue.Ident(token);
    }
    pos = start;
    throw error("default value");
  }

  private String stringLiteral() {
    char quote = text.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          break;
        }
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'f' -> sb.append('\f');
          case 'v' -> sb.append('\u000b');
          case '0' -> sb.append('\0');
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    throw error("closing quote");
  }

  private int matching(int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw error("')'");
  }

  private String qualifiedName() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        pos++;
      } else if (c == ':' && text.startsWith("::", pos)) {
        pos += 2;
      } else {
        break;
      }
    }
    return text.substring(start, pos);
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void skipSpace() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private boolean tryConsume(String s) {
    if (text.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private void expect(char c) {
    skipSpace();
    if (!peek(c)) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException(
        "expected " + expected + " at column " + (pos + 1) + " of schema: " + text);
  }
}
