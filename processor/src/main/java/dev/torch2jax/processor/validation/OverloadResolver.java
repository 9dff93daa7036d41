package dev.torch2jax.processor.validation;

import dev.torch2jax.processor.base.Site;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import dev.torch2jax.processor.schema.Schema;
import dev.torch2jax.processor.schema.SchemaCatalog;
import java.util.regex.Pattern;

/** Finds the schema of an overload name written in an annotation, or says why there is none. */
final class OverloadResolver {
  private static final Pattern OP_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*::[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)?");

  private final SchemaCatalog catalog;
  private final Diagnostics diagnostics;

  OverloadResolver(SchemaCatalog catalog, Diagnostics diagnostics) {
    this.catalog = catalog;
    this.diagnostics = diagnostics;
  }

  /** The schema of a well-formed, known overload name, or null after reporting why not. */
  Schema resolve(String name, Site site) {
    if (!OP_NAME.matcher(name).matches()) {
      diagnostics.error(
          "%s: '%s'; write namespace::op or namespace::op.overload, e.g. aten::add.Tensor"
              .formatted(Messages.OP_NAME_MALFORMED, name),
          site);
      return null;
    }
    if (name.endsWith(".default")) {
      String bare = name.substring(0, name.length() - ".default".length());
      diagnostics.error(
          "%s: '%s'; the default overload has no suffix: '%s'"
              .formatted(Messages.OP_NAME_MALFORMED, name, bare),
          site);
      return null;
    }
    Schema schema = catalog.get(name);
    if (schema == null) {
      diagnostics.error(
          "%s: '%s' is not a libtorch operator schema; nearest: %s"
              .formatted(Messages.OP_UNKNOWN, name, String.join(", ", catalog.nearest(name, 3))),
          site);
    }
    return schema;
  }
}
