package dev.torch2jax.processor;

import com.google.auto.service.AutoService;
import dev.torch2jax.processor.schema.Schema;
import dev.torch2jax.processor.schema.SchemaCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The torch2jax annotation processor: checks {@code @Implements} methods against the ATen schemas
 * of libtorch and primitive rules for completeness, generates the dispatch and rule tables with
 * their {@code ServiceLoader} registrations, and writes the coverage report.
 *
 * <h2>What it generates</h2>
 *
 * <ul>
 *   <li>{@code <package>.GeneratedOpTable implements dev.torch2jax.aten.OpTable}, when the
 *       compilation has {@code @Implements}, {@code @CustomVjp} or {@code @CustomBatching} methods:
 *       overload name to a direct call of the static method, each argument converted by a {@code
 *       dev.torch2jax.aten.Args} method per its schema type, missing trailing arguments filled from
 *       the schema's defaults. Registered in {@code META-INF/services/dev.torch2jax.aten.OpTable}.
 *   <li>{@code <package>.GeneratedPrimitiveRules implements
 *       dev.torch2jax.core.rules.PrimitiveRuleTable}, only when the compilation has primitive rule
 *       annotations; registered in {@code
 *       META-INF/services/dev.torch2jax.core.rules.PrimitiveRuleTable}.
 *   <li>{@code META-INF/torch2jax/coverage.tsv} (class output, so in the jar) and a one-line note
 *       {@code torch2jax: N/193 Core ATen overloads, M overloads in all}.
 * </ul>
 *
 * <p>{@code <package>} is the longest common package of the annotated classes, or the {@code
 * -Atorch2jax.package} option. A compilation without annotated methods generates nothing. Sources
 * are written in the round their annotated methods appear (a later round that brings new ones gets
 * a table with a numeric suffix); resources are written when processing is over.
 *
 * <h2>Java types</h2>
 *
 * Parameters match the schema's arguments by position (names may differ); see {@link TypeMapping}
 * for the table. The return type: no returns is {@code void}; {@code Tensor} is {@code
 * dev.torch2jax.Array}; {@code Tensor[]} and tuples of tensors are {@code List<Array>}; other
 * tuples {@code List<Object>}; {@code int} {@code long}, {@code float} {@code double}, {@code bool}
 * {@code boolean}, {@code Scalar} {@code Number}. Alias annotations such as {@code Tensor(a!)} are
 * ignored: an in-place overload ({@code aten::add_.Tensor}) returns the new value, which the
 * interpreter rebinds (functionalization).
 *
 * <h2>Rules</h2>
 *
 * Rule methods are checked against the single abstract method of their runtime interface (see the
 * {@code *_RULE} constants), found on the compilation's classpath; the generated tables reference
 * them as method references, so javac checks them again.
 */
@AutoService(Processor.class)
@SupportedOptions({OpsProcessor.OPTION_PACKAGE, OpsProcessor.OPTION_MIN_CORE_COVERAGE})
public final class OpsProcessor extends AbstractProcessor {
  /** Option: the package of the generated classes. */
  public static final String OPTION_PACKAGE = "torch2jax.package";

  /** Option: fail the build when fewer Core ATen overloads are implemented. */
  public static final String OPTION_MIN_CORE_COVERAGE = "torch2jax.minCoreCoverage";

  static final String ANNOTATIONS = "dev.torch2jax.annotations.";
  static final String IMPLEMENTS = ANNOTATIONS + "Implements";
  static final String CUSTOM_VJP = ANNOTATIONS + "CustomVjp";
  static final String CUSTOM_BATCHING = ANNOTATIONS + "CustomBatching";
  static final String NOT_DIFFERENTIABLE = ANNOTATIONS + "NotDifferentiable";

  /** The runtime interface of {@code @CustomVjp} methods. */
  public static final String ATEN_VJP_RULE = "dev.torch2jax.aten.AtenVjpRule";

  /** The runtime interface of {@code @CustomBatching} methods. */
  public static final String ATEN_BATCH_RULE = "dev.torch2jax.aten.AtenBatchRule";

  /** The service interface of generated dispatch tables. */
  public static final String OP_TABLE = "dev.torch2jax.aten.OpTable";

  /** The service interface of generated primitive rule tables. */
  public static final String PRIMITIVE_RULE_TABLE = "dev.torch2jax.core.rules.PrimitiveRuleTable";

  /** Simple name of the generated dispatch table. */
  public static final String OP_TABLE_NAME = "GeneratedOpTable";

  /** Simple name of the generated primitive rule table. */
  public static final String RULE_TABLE_NAME = "GeneratedPrimitiveRules";

  /** The coverage report, relative to the class output. */
  public static final String COVERAGE_RESOURCE = "META-INF/torch2jax/coverage.tsv";

  /** The kinds of primitive rule, with their annotation and runtime interface. */
  enum RuleKind {
    ABSTRACT_EVAL("AbstractEval", "dev.torch2jax.core.rules.AbstractEvalRule", "abstractEvalRules"),
    LOWERING("Lowering", "dev.torch2jax.core.rules.LoweringRule", "loweringRules"),
    VJP("VjpRule", "dev.torch2jax.core.rules.VjpRule", "vjpRules"),
    BATCH("BatchRule", "dev.torch2jax.core.rules.BatchRule", "batchRules");

    final String annotation;
    final String ruleInterface;
    final String tableMethod;

    RuleKind(String simpleName, String ruleInterface, String tableMethod) {
      this.annotation = ANNOTATIONS + simpleName;
      this.ruleInterface = ruleInterface;
      this.tableMethod = tableMethod;
    }

    String simpleAnnotation() {
      return "@" + annotation.substring(ANNOTATIONS.length());
    }
  }

  private static final Pattern OP_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*::[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)?");
  private static final Pattern PRIMITIVE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private Messager messager;
  private Filer filer;
  private Elements elements;
  private Types types;
  private JavaTypes javaTypes;
  private SchemaCatalog catalog;
  private boolean failed;
  private boolean annotatedSeen;
  private int opTables;
  private int ruleTables;

  private final Set<ExecutableElement> processed = new LinkedHashSet<>();
  private final Map<String, DispatchTableWriter.Op> implemented = new TreeMap<>();
  private final Map<String, Site> customVjp = new TreeMap<>();
  private final Map<String, Site> customBatching = new TreeMap<>();
  private final Map<String, Map<RuleKind, Site>> rules = new TreeMap<>();
  private final Map<String, List<Site>> primitiveMentions = new TreeMap<>();
  private final Map<String, String> notDifferentiable = new TreeMap<>();
  private final List<String> opTableNames = new ArrayList<>();
  private final List<String> ruleTableNames = new ArrayList<>();
  private final List<Element> originating = new ArrayList<>();

  /** Creates the processor; javac calls this through {@code ServiceLoader}. */
  public OpsProcessor() {}

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    messager = env.getMessager();
    filer = env.getFiler();
    elements = env.getElementUtils();
    types = env.getTypeUtils();
    javaTypes = new JavaTypes(elements, types);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new LinkedHashSet<>();
    names.add(IMPLEMENTS);
    names.add(CUSTOM_VJP);
    names.add(CUSTOM_BATCHING);
    names.add(NOT_DIFFERENTIABLE);
    for (RuleKind k : RuleKind.values()) {
      names.add(k.annotation);
    }
    return names;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (round.processingOver()) {
        finish();
      } else {
        processRound(annotations, round);
      }
    } catch (RuntimeException | LinkageError e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      error(Messages.PROCESSOR_CRASH + ": " + e + "\n" + trace);
    }
    return false;
  }

  // ---------------------------------------------------------------------------------- rounds

  private void processRound(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<ExecutableElement> methods = new LinkedHashSet<>();
    for (TypeElement a : annotations) {
      methods.addAll(ElementFilter.methodsIn(round.getElementsAnnotatedWith(a)));
    }
    methods.removeAll(processed);
    if (methods.isEmpty()) {
      return;
    }
    annotatedSeen = true;
    processed.addAll(methods);
    if (catalog == null) {
      catalog = SchemaCatalog.bundled();
    }
    List<ExecutableElement> sorted = new ArrayList<>(methods);
    sorted.sort(Comparator.comparing(OpsProcessor::methodKey));

    Map<String, DispatchTableWriter.Op> roundOps = new TreeMap<>();
    Map<String, Site> roundVjp = new TreeMap<>();
    Map<String, Site> roundBatching = new TreeMap<>();
    Map<RuleKind, Map<String, Site>> roundRules = new EnumMap<>(RuleKind.class);
    List<Element> roundOrigins = new ArrayList<>();

    for (ExecutableElement m : sorted) {
      List<AnnotationMirror> ours = ourAnnotations(m);
      if (ours.isEmpty()) {
        continue;
      }
      roundOrigins.add(m);
      boolean accessible = checkAccess(m, ours.get(0));
      for (AnnotationMirror am : ours) {
        String fqn = annotationName(am);
        if (fqn.equals(IMPLEMENTS)) {
          handleImplements(m, am, accessible, roundOps);
        } else if (fqn.equals(CUSTOM_VJP)) {
          handleCustom(m, am, accessible, ATEN_VJP_RULE, customVjp, roundVjp);
        } else if (fqn.equals(CUSTOM_BATCHING)) {
          handleCustom(m, am, accessible, ATEN_BATCH_RULE, customBatching, roundBatching);
        } else if (fqn.equals(NOT_DIFFERENTIABLE)) {
          if (findAnnotation(m, RuleKind.ABSTRACT_EVAL.annotation) == null) {
            error(Messages.NOT_DIFFERENTIABLE_PLACEMENT + ": " + describe(m), m, am, null);
          }
        } else {
          for (RuleKind k : RuleKind.values()) {
            if (fqn.equals(k.annotation)) {
              handleRule(m, am, k, accessible, roundRules);
            }
          }
        }
      }
    }
    originating.addAll(roundOrigins);
    if (!roundRules.isEmpty() || roundMentionsPrimitives(sorted)) {
      // Checked in the round, not when processing is over: javac loses the source positions of
      // elements from earlier rounds. So all rules of a primitive must appear in one round.
      checkRuleCompleteness(sorted);
    }

    if (!roundOps.isEmpty() || !roundVjp.isEmpty() || !roundBatching.isEmpty()) {
      String pkg = generatedPackage(roundOrigins);
      String name = OP_TABLE_NAME + (opTables == 0 ? "" : String.valueOf(opTables + 1));
      opTables++;
      if (requireRuntimeTypes(
          roundOrigins, OP_TABLE, "dev.torch2jax.aten.AtenOp", "dev.torch2jax.aten.Args")) {
        new DispatchTableWriter(filer, elements)
            .write(pkg, name, roundOps, roundVjp, roundBatching, roundOrigins);
        opTableNames.add(pkg.isEmpty() ? name : pkg + "." + name);
      }
    }
    if (!roundRules.isEmpty()) {
      String pkg = generatedPackage(roundOrigins);
      String name = RULE_TABLE_NAME + (ruleTables == 0 ? "" : String.valueOf(ruleTables + 1));
      ruleTables++;
      if (requireRuntimeTypes(roundOrigins, PRIMITIVE_RULE_TABLE)) {
        Map<String, String> roundNotDiff = new TreeMap<>();
        for (Map.Entry<String, String> e : notDifferentiable.entrySet()) {
          Map<String, Site> evals = roundRules.get(RuleKind.ABSTRACT_EVAL);
          if (evals != null && evals.containsKey(e.getKey())) {
            roundNotDiff.put(e.getKey(), e.getValue());
          }
        }
        new RuleTableWriter(filer, elements)
            .write(pkg, name, roundRules, roundNotDiff, roundOrigins);
        ruleTableNames.add(pkg.isEmpty() ? name : pkg + "." + name);
      }
    }
  }

  private void finish() {
    if (!annotatedSeen) {
      return;
    }
    Element[] origins = originating.toArray(new Element[0]);
    if (!failed) {
      writeService(OP_TABLE, opTableNames, origins);
      writeService(PRIMITIVE_RULE_TABLE, ruleTableNames, origins);
    }
    CoverageReport report = new CoverageReport(catalog, implemented, customVjp, customBatching);
    writeResource(COVERAGE_RESOURCE, report.tsv(), origins);
    messager.printMessage(Diagnostic.Kind.NOTE, report.note());
    String min = processingEnv.getOptions().get(OPTION_MIN_CORE_COVERAGE);
    if (min != null) {
      int k;
      try {
        k = Integer.parseInt(min.strip());
      } catch (NumberFormatException e) {
        error(
            Messages.BAD_OPTION
                + ": -A"
                + OPTION_MIN_CORE_COVERAGE
                + "="
                + min
                + " is not an integer");
        return;
      }
      if (report.coreImplemented() < k) {
        error(
            Messages.COVERAGE_BELOW_MINIMUM
                + ": "
                + report.coreImplemented()
                + "/"
                + catalog.core().size()
                + " Core ATen overloads implemented, -A"
                + OPTION_MIN_CORE_COVERAGE
                + " asks for "
                + k);
      }
    }
  }

  // ------------------------------------------------------------------------------ @Implements

  private void handleImplements(
      ExecutableElement m,
      AnnotationMirror am,
      boolean accessible,
      Map<String, DispatchTableWriter.Op> roundOps) {
    for (Map.Entry<String, AnnotationValue> named : stringValues(am)) {
      String name = named.getKey();
      Site site = new Site(m, am, named.getValue());
      Schema schema = resolveOverload(name, site);
      if (schema == null) {
        continue;
      }
      DispatchTableWriter.Op previous = implemented.get(name);
      if (previous != null) {
        error(
            Messages.OP_DUPLICATE
                + ": "
                + name
                + " is implemented by "
                + site.describe()
                + " and by "
                + previous.site().describe(),
            site);
        error(
            Messages.OP_DUPLICATE
                + ": "
                + name
                + " is implemented by "
                + previous.site().describe()
                + " and by "
                + site.describe(),
            previous.site());
        continue;
      }
      List<DispatchTableWriter.Arg> args = checkSignature(schema, site);
      if (args == null || !accessible) {
        // Keep the name taken so a second method gets the duplicate error, but generate nothing.
        implemented.put(name, new DispatchTableWriter.Op(schema, site, List.of()));
        continue;
      }
      DispatchTableWriter.Op op = new DispatchTableWriter.Op(schema, site, args);
      implemented.put(name, op);
      roundOps.put(name, op);
    }
  }

  /** The schema of a well-formed, known overload name, or null after reporting why not. */
  private Schema resolveOverload(String name, Site site) {
    if (!OP_NAME.matcher(name).matches()) {
      error(
          Messages.OP_NAME_MALFORMED
              + ": '"
              + name
              + "'; write namespace::op or namespace::op.overload, e.g. aten::add.Tensor",
          site);
      return null;
    }
    if (name.endsWith(".default")) {
      String bare = name.substring(0, name.length() - ".default".length());
      error(
          Messages.OP_NAME_MALFORMED
              + ": '"
              + name
              + "'; the default overload has no suffix: '"
              + bare
              + "'",
          site);
      return null;
    }
    Schema schema = catalog.get(name);
    if (schema == null) {
      error(
          Messages.OP_UNKNOWN
              + ": '"
              + name
              + "' is not a libtorch operator schema; nearest: "
              + String.join(", ", catalog.nearest(name, 3)),
          site);
    }
    return schema;
  }

  /** The converted arguments of a method matching {@code schema}, or null after reporting. */
  private List<DispatchTableWriter.Arg> checkSignature(Schema schema, Site site) {
    ExecutableElement m = site.method();
    String overload = schema.fullName();
    if (schema.varargs() || schema.varret()) {
      error(
          Messages.OP_UNSUPPORTED_TYPE
              + ": "
              + overload
              + " has variadic arguments or returns: "
              + schema.text(),
          site);
      return null;
    }
    List<? extends VariableElement> params = m.getParameters();
    List<Schema.Argument> schemaArgs = schema.arguments();
    if (params.size() != schemaArgs.size()) {
      error(
          Messages.OP_ARITY
              + ": "
              + overload
              + " takes "
              + schemaArgs.size()
              + " argument"
              + (schemaArgs.size() == 1 ? "" : "s")
              + " ("
              + schemaArgs.stream().map(Object::toString).collect(Collectors.joining(", "))
              + "), "
              + describe(m)
              + " has "
              + params.size()
              + "; schema: "
              + schema.text(),
          site);
      return null;
    }
    List<DispatchTableWriter.Arg> args = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < params.size(); i++) {
      Schema.Argument a = schemaArgs.get(i);
      TypeMapping.Param mapping = TypeMapping.forArgument(a.type());
      if (mapping == null) {
        error(
            Messages.OP_UNSUPPORTED_TYPE
                + ": argument "
                + (i + 1)
                + " '"
                + a.name()
                + "' of "
                + overload
                + " has type "
                + a.type()
                + ", which the dispatch table cannot convert yet",
            site);
        ok = false;
        continue;
      }
      TypeMirror expected = mirrorOrReport(mapping.javaType(), site);
      if (expected == null) {
        return null;
      }
      TypeMirror found = params.get(i).asType();
      if (!types.isSameType(found, expected)) {
        error(
            Messages.OP_PARAMETER_TYPE
                + ": parameter "
                + (i + 1)
                + " '"
                + params.get(i).getSimpleName()
                + "' of "
                + describe(m)
                + " is "
                + found
                + ", but schema argument '"
                + a
                + "' of "
                + overload
                + " needs "
                + mapping.javaType(),
            site);
        ok = false;
        continue;
      }
      args.add(new DispatchTableWriter.Arg(a, mapping));
    }
    String returns = TypeMapping.forReturns(schema);
    if (returns == null) {
      error(
          Messages.OP_UNSUPPORTED_TYPE
              + ": the returns of "
              + overload
              + " ("
              + schema.text().substring(schema.text().lastIndexOf("->") + 3)
              + ") have no Java mapping yet",
          site);
      return null;
    }
    TypeMirror expectedReturn = mirrorOrReport(returns, site);
    if (expectedReturn == null) {
      return null;
    }
    TypeMirror foundReturn = m.getReturnType();
    boolean returnOk =
        returns.equals("void")
            ? foundReturn.getKind() == TypeKind.VOID
            : foundReturn.getKind() != TypeKind.VOID
                && types.isSameType(foundReturn, expectedReturn);
    if (!returnOk) {
      error(
          Messages.OP_RETURN_TYPE
              + ": "
              + describe(m)
              + " returns "
              + foundReturn
              + ", but "
              + overload
              + " ("
              + schema.text().substring(schema.text().lastIndexOf("->"))
              + ") needs "
              + returns,
          site);
      ok = false;
    }
    return ok ? args : null;
  }

  private TypeMirror mirrorOrReport(String descriptor, Site site) {
    try {
      return javaTypes.mirror(descriptor);
    } catch (JavaTypes.MissingTypeException e) {
      error(
          Messages.RUNTIME_TYPE_MISSING
              + ": "
              + e.qualifiedName()
              + " (add torch2jax-runtime to the compile classpath)",
          site);
      return null;
    }
  }

  // ------------------------------------------------------------------- custom and primitive rules

  private void handleCustom(
      ExecutableElement m,
      AnnotationMirror am,
      boolean accessible,
      String ruleInterface,
      Map<String, Site> all,
      Map<String, Site> roundRules) {
    boolean compatible = checkRuleSignature(m, am, ruleInterface);
    for (Map.Entry<String, AnnotationValue> named : stringValues(am)) {
      String name = named.getKey();
      Site site = new Site(m, am, named.getValue());
      if (resolveOverload(name, site) == null) {
        continue;
      }
      Site previous = all.get(name);
      if (previous != null) {
        String what = "@" + annotationName(am).substring(ANNOTATIONS.length());
        error(
            Messages.CUSTOM_RULE_DUPLICATE
                + ": "
                + what
                + " for "
                + name
                + " by "
                + site.describe()
                + " and by "
                + previous.describe(),
            site);
        error(
            Messages.CUSTOM_RULE_DUPLICATE
                + ": "
                + what
                + " for "
                + name
                + " by "
                + previous.describe()
                + " and by "
                + site.describe(),
            previous);
        continue;
      }
      all.put(name, site);
      if (compatible && accessible) {
        roundRules.put(name, site);
      }
    }
  }

  private void handleRule(
      ExecutableElement m,
      AnnotationMirror am,
      RuleKind kind,
      boolean accessible,
      Map<RuleKind, Map<String, Site>> roundRules) {
    boolean compatible = checkRuleSignature(m, am, kind.ruleInterface);
    AnnotationMirror notDiff = findAnnotation(m, NOT_DIFFERENTIABLE);
    for (Map.Entry<String, AnnotationValue> named : stringValues(am)) {
      String name = named.getKey();
      Site site = new Site(m, am, named.getValue());
      if (!PRIMITIVE_NAME.matcher(name).matches()) {
        error(
            Messages.PRIMITIVE_NAME_MALFORMED
                + ": '"
                + name
                + "'; primitive names are lower_snake_case, e.g. dot_general",
            site);
        continue;
      }
      primitiveMentions.computeIfAbsent(name, k -> new ArrayList<>()).add(site);
      Map<RuleKind, Site> byKind = rules.computeIfAbsent(name, k -> new EnumMap<>(RuleKind.class));
      Site previous = byKind.get(kind);
      if (previous != null) {
        error(
            Messages.PRIMITIVE_RULE_DUPLICATE
                + ": "
                + kind.simpleAnnotation()
                + " for '"
                + name
                + "' by "
                + site.describe()
                + " and by "
                + previous.describe(),
            site);
        error(
            Messages.PRIMITIVE_RULE_DUPLICATE
                + ": "
                + kind.simpleAnnotation()
                + " for '"
                + name
                + "' by "
                + previous.describe()
                + " and by "
                + site.describe(),
            previous);
        continue;
      }
      byKind.put(kind, site);
      if (kind == RuleKind.ABSTRACT_EVAL && notDiff != null) {
        notDifferentiable.put(name, notDifferentiableReason(notDiff));
      }
      if (compatible && accessible) {
        roundRules.computeIfAbsent(kind, k -> new TreeMap<>()).put(name, site);
      }
    }
  }

  private boolean roundMentionsPrimitives(List<ExecutableElement> methods) {
    for (List<Site> sites : primitiveMentions.values()) {
      for (Site s : sites) {
        if (methods.contains(s.method())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Reports primitives mentioned by this round's methods that lack a rule. */
  private void checkRuleCompleteness(List<ExecutableElement> roundMethods) {
    for (Map.Entry<String, List<Site>> e : primitiveMentions.entrySet()) {
      String primitive = e.getKey();
      if (e.getValue().stream().noneMatch(s -> roundMethods.contains(s.method()))) {
        continue;
      }
      Map<RuleKind, Site> byKind = rules.getOrDefault(primitive, Map.of());
      boolean exempt = notDifferentiable.containsKey(primitive);
      List<String> missing = new ArrayList<>();
      for (RuleKind k : RuleKind.values()) {
        if (!byKind.containsKey(k) && !(k == RuleKind.VJP && exempt)) {
          missing.add(k.simpleAnnotation());
        }
      }
      if (!missing.isEmpty()) {
        String msg =
            Messages.PRIMITIVE_RULE_MISSING
                + ": primitive '"
                + primitive
                + "' has no "
                + String.join(", ", missing)
                + (missing.contains(RuleKind.VJP.simpleAnnotation())
                    ? " (or put @NotDifferentiable(\"why\") on its @AbstractEval method)"
                    : "");
        for (Site s : e.getValue()) {
          error(msg, s);
        }
      }
      if (exempt && byKind.containsKey(RuleKind.VJP)) {
        error(
            Messages.NOT_DIFFERENTIABLE_WITH_VJP
                + ": '"
                + primitive
                + "' ("
                + notDifferentiable.get(primitive)
                + ")",
            byKind.get(RuleKind.VJP));
      }
    }
  }

  /** Checks a rule method against the single abstract method of its runtime interface. */
  private boolean checkRuleSignature(
      ExecutableElement m, AnnotationMirror am, String ruleInterface) {
    TypeElement iface = elements.getTypeElement(ruleInterface);
    String what = "@" + annotationName(am).substring(ANNOTATIONS.length());
    if (iface == null) {
      error(
          Messages.RUNTIME_TYPE_MISSING
              + ": "
              + ruleInterface
              + ", the interface of "
              + what
              + " methods (add torch2jax-runtime to the compile classpath)",
          m,
          am,
          null);
      return false;
    }
    ExecutableElement sam = singleAbstractMethod(iface);
    if (sam == null) {
      error(
          Messages.RULE_SIGNATURE + ": " + ruleInterface + " is not a functional interface",
          m,
          am,
          null);
      return false;
    }
    List<? extends VariableElement> want = sam.getParameters();
    List<? extends VariableElement> have = m.getParameters();
    String expected = signature(sam);
    String prefix =
        Messages.RULE_SIGNATURE
            + ": "
            + what
            + " method "
            + describe(m)
            + " must fit "
            + ruleInterface
            + "."
            + expected
            + ": ";
    if (want.size() != have.size()) {
      error(
          prefix
              + "it takes "
              + have.size()
              + " parameter"
              + (have.size() == 1 ? "" : "s")
              + ", the interface passes "
              + want.size(),
          m,
          am,
          null);
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < want.size(); i++) {
      TypeMirror passed = want.get(i).asType();
      TypeMirror accepted = have.get(i).asType();
      if (!types.isAssignable(passed, accepted)) {
        error(
            prefix
                + "parameter "
                + (i + 1)
                + " '"
                + have.get(i).getSimpleName()
                + "' is "
                + accepted
                + ", which cannot take the interface's "
                + passed,
            m,
            am,
            null);
        ok = false;
      }
    }
    TypeMirror wantReturn = sam.getReturnType();
    TypeMirror haveReturn = m.getReturnType();
    if (wantReturn.getKind() != TypeKind.VOID
        && (haveReturn.getKind() == TypeKind.VOID || !types.isAssignable(haveReturn, wantReturn))) {
      error(
          prefix + "it returns " + haveReturn + ", the interface needs " + wantReturn, m, am, null);
      ok = false;
    }
    return ok;
  }

  private ExecutableElement singleAbstractMethod(TypeElement iface) {
    if (iface.getKind() != ElementKind.INTERFACE) {
      return null;
    }
    ExecutableElement found = null;
    for (ExecutableElement e : ElementFilter.methodsIn(elements.getAllMembers(iface))) {
      if (!e.getModifiers().contains(Modifier.ABSTRACT) || isObjectMethod(e)) {
        continue;
      }
      if (found != null) {
        return null;
      }
      found = e;
    }
    return found;
  }

  private boolean isObjectMethod(ExecutableElement e) {
    TypeElement object = elements.getTypeElement("java.lang.Object");
    for (ExecutableElement o : ElementFilter.methodsIn(object.getEnclosedElements())) {
      if (o.getSimpleName().equals(e.getSimpleName())
          && o.getParameters().size() == e.getParameters().size()
          && o.getModifiers().contains(Modifier.PUBLIC)) {
        boolean same = true;
        for (int i = 0; i < o.getParameters().size(); i++) {
          same &=
              types.isSameType(
                  types.erasure(o.getParameters().get(i).asType()),
                  types.erasure(e.getParameters().get(i).asType()));
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  private static String signature(ExecutableElement m) {
    return m.getSimpleName()
        + m.getParameters().stream()
            .map(p -> p.asType() + " " + p.getSimpleName())
            .collect(Collectors.joining(", ", "(", ")"))
        + " -> "
        + m.getReturnType();
  }

  private static String notDifferentiableReason(AnnotationMirror am) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        am.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("value")) {
        return String.valueOf(e.getValue().getValue());
      }
    }
    return "";
  }

  // ----------------------------------------------------------------------------------- helpers

  /** Public and static, inside public (static, when nested) classes; reports otherwise. */
  private boolean checkAccess(ExecutableElement m, AnnotationMirror am) {
    boolean ok = true;
    if (!m.getModifiers().contains(Modifier.STATIC)) {
      error(Messages.METHOD_NOT_STATIC + ": " + describe(m), m, am, null);
      ok = false;
    }
    if (!m.getModifiers().contains(Modifier.PUBLIC)) {
      error(Messages.METHOD_NOT_PUBLIC + ": " + describe(m) + " is not public", m, am, null);
      ok = false;
    }
    Element e = m.getEnclosingElement();
    while (e instanceof TypeElement t) {
      boolean nested = t.getEnclosingElement() instanceof TypeElement;
      boolean implicitlyPublic =
          t.getEnclosingElement() instanceof TypeElement outer
              && outer.getKind() == ElementKind.INTERFACE;
      if (!t.getModifiers().contains(Modifier.PUBLIC) && !implicitlyPublic) {
        error(
            Messages.METHOD_NOT_PUBLIC
                + ": "
                + describe(m)
                + " is in "
                + t.getQualifiedName()
                + ", which is not public",
            m,
            am,
            null);
        ok = false;
        break;
      }
      if (nested
          && t.getKind() == ElementKind.CLASS
          && !t.getModifiers().contains(Modifier.STATIC)) {
        error(
            Messages.METHOD_NOT_STATIC
                + ": "
                + describe(m)
                + " is in the inner class "
                + t.getQualifiedName()
                + "; make it static",
            m,
            am,
            null);
        ok = false;
        break;
      }
      e = t.getEnclosingElement();
    }
    return ok;
  }

  private boolean requireRuntimeTypes(List<Element> origins, String... names) {
    for (String n : names) {
      if (elements.getTypeElement(n) == null) {
        error(
            Messages.RUNTIME_TYPE_MISSING
                + ": "
                + n
                + ", needed by the generated table (add torch2jax-runtime to the compile classpath)",
            origins.isEmpty() ? null : origins.get(0),
            null,
            null);
        return false;
      }
    }
    return true;
  }

  private String generatedPackage(List<Element> origins) {
    String option = processingEnv.getOptions().get(OPTION_PACKAGE);
    if (option != null) {
      String p = option.strip();
      if (p.isEmpty() || SourceVersion.isName(p)) {
        return p;
      }
      error(
          Messages.BAD_OPTION + ": -A" + OPTION_PACKAGE + "=" + option + " is not a package name");
    }
    String common = null;
    for (Element e : origins) {
      PackageElement p = elements.getPackageOf(e);
      String name = p.isUnnamed() ? "" : p.getQualifiedName().toString();
      common = common == null ? name : commonPackage(common, name);
    }
    return common == null ? "" : common;
  }

  static String commonPackage(String a, String b) {
    String[] x = a.isEmpty() ? new String[0] : a.split("\\.");
    String[] y = b.isEmpty() ? new String[0] : b.split("\\.");
    int n = 0;
    while (n < x.length && n < y.length && x[n].equals(y[n])) {
      n++;
    }
    return String.join(".", java.util.Arrays.asList(x).subList(0, n));
  }

  private List<AnnotationMirror> ourAnnotations(ExecutableElement m) {
    Set<String> supported = getSupportedAnnotationTypes();
    List<AnnotationMirror> ours = new ArrayList<>();
    for (AnnotationMirror am : m.getAnnotationMirrors()) {
      if (supported.contains(annotationName(am))) {
        ours.add(am);
      }
    }
    return ours;
  }

  private static AnnotationMirror findAnnotation(ExecutableElement m, String fqn) {
    for (AnnotationMirror am : m.getAnnotationMirrors()) {
      if (annotationName(am).equals(fqn)) {
        return am;
      }
    }
    return null;
  }

  private static String annotationName(AnnotationMirror am) {
    return ((TypeElement) am.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  /** The strings of an annotation's {@code String[] value}, each with its own annotation value. */
  private static List<Map.Entry<String, AnnotationValue>> stringValues(AnnotationMirror am) {
    List<Map.Entry<String, AnnotationValue>> list = new ArrayList<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        am.getElementValues().entrySet()) {
      if (!e.getKey().getSimpleName().contentEquals("value")) {
        continue;
      }
      Object v = e.getValue().getValue();
      if (v instanceof List<?> items) {
        for (Object item : items) {
          AnnotationValue av = (AnnotationValue) item;
          list.add(Map.entry(String.valueOf(av.getValue()), av));
        }
      } else {
        list.add(Map.entry(String.valueOf(v), e.getValue()));
      }
    }
    return list;
  }

  private static String methodKey(ExecutableElement m) {
    return ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "#" + m;
  }

  private static String describe(ExecutableElement m) {
    return ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "#" + m.getSimpleName();
  }

  private void writeService(String service, List<String> providers, Element[] origins) {
    if (providers.isEmpty()) {
      return;
    }
    writeResource(
        "META-INF/services/" + service,
        providers.stream().sorted().map(p -> p + "\n").collect(Collectors.joining()),
        origins);
  }

  private void writeResource(String path, String content, Element[] origins) {
    try {
      FileObject f = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, origins);
      try (Writer w =
          new java.io.OutputStreamWriter(f.openOutputStream(), StandardCharsets.UTF_8)) {
        w.write(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private void error(String msg) {
    failed = true;
    messager.printMessage(Diagnostic.Kind.ERROR, msg);
  }

  private void error(String msg, Site site) {
    error(msg, site.method(), site.mirror(), site.value());
  }

  private void error(String msg, Element e, AnnotationMirror am, AnnotationValue av) {
    failed = true;
    if (e == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, msg);
    } else if (am == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, msg, e);
    } else if (av == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, msg, e, am);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, msg, e, am, av);
    }
  }
}
