package dev.torch2jax.processor.base;

import dev.torch2jax.processor.schema.Schema;
import java.util.List;

/**
 * One implemented overload, as validation hands it to the writers.
 *
 * @param schema its schema
 * @param site the annotated method and annotation
 * @param args the converted arguments, every one of the schema's in order; empty when the method
 *     had errors
 * @param takesOverloadName whether the method's first parameter is the dispatched overload's name,
 *     before the schema's arguments
 */
public record ImplementedOp(Schema schema, Site site, List<Arg> args, boolean takesOverloadName) {

  /**
   * One schema argument with its conversion.
   *
   * @param argument the schema argument
   * @param mapping its Java type and {@code Args} method
   * @param passed whether the method takes it; an ignored argument is converted, to check it, but
   *     not passed
   */
  public record Arg(Schema.Argument argument, TypeMapping.Param mapping, boolean passed) {}
}
