package dev.torch2jax.processor;

import com.google.auto.service.AutoService;
import dev.torch2jax.processor.base.Annotations;
import dev.torch2jax.processor.base.ImplementedOp;
import dev.torch2jax.processor.base.JavaTypes;
import dev.torch2jax.processor.base.RuleKind;
import dev.torch2jax.processor.base.RuntimeTypes;
import dev.torch2jax.processor.base.Site;
import dev.torch2jax.processor.base.TypeMapping;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import dev.torch2jax.processor.schema.SchemaCatalog;
import dev.torch2jax.processor.validation.AccessValidator;
import dev.torch2jax.processor.validation.BaseNameValidator;
import dev.torch2jax.processor.validation.CustomRuleValidator;
import dev.torch2jax.processor.validation.ImplementsValidator;
import dev.torch2jax.processor.validation.PrimitiveRuleValidator;
import dev.torch2jax.processor.writing.CoverageReport;
import dev.torch2jax.processor.writing.DispatchTableWriter;
import dev.torch2jax.processor.writing.GeneratedCode;
import dev.torch2jax.processor.writing.GeneratedPackage;
import dev.torch2jax.processor.writing.ResourceWriter;
import dev.torch2jax.processor.writing.RuleTableWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

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
 * <h2>Options</h2>
 *
 * <ul>
 *   <li>{@code -Atorch2jax.package=p}: the package of the generated classes.
 *   <li>{@code -Atorch2jax.minCoreCoverage=K}: fail below K implemented Core ATen overloads.
 *   <li>{@code -Atorch2jax.oneClassPerBaseName=true}: fail when the overloads of one ATen base name
 *       ({@code add.Tensor}, {@code add.Scalar}, {@code add_.Tensor}) are implemented in different
 *       classes. Off by default.
 * </ul>
 *
 * <h2>Checks</h2>
 *
 * Parameters and returns match the schema by position with the Java types of {@link TypeMapping}
 * (names may differ; an in-place overload returns the new value, which the interpreter rebinds).
 * Rule methods must fit the single abstract method of their runtime interface ({@link
 * RuntimeTypes}, {@link RuleKind}), found on the compilation's classpath.
 *
 * <h2>Structure</h2>
 *
 * This class only coordinates the phases: each round it hands every annotation to a validator in
 * {@code validation} ({@link ImplementsValidator}, {@link CustomRuleValidator}, {@link
 * PrimitiveRuleValidator}, {@link AccessValidator}, optionally {@link BaseNameValidator}), then
 * passes what passed to the writers in {@code writing}; when processing is over it writes the
 * service registrations and the coverage report. All of them report through one {@link
 * Diagnostics}, with the texts of {@link Messages}.
 */
@AutoService(Processor.class)
@SupportedOptions({
  OpsProcessor.OPTION_PACKAGE,
  OpsProcessor.OPTION_MIN_CORE_COVERAGE,
  OpsProcessor.OPTION_ONE_CLASS_PER_BASE_NAME
})
public final class OpsProcessor extends AbstractProcessor {
  /** Option: the package of the generated classes. */
  public static final String OPTION_PACKAGE = "torch2jax.package";

  /** Option: fail the build when fewer Core ATen overloads are implemented. */
  public static final String OPTION_MIN_CORE_COVERAGE = "torch2jax.minCoreCoverage";

  /** Option: fail the build when one ATen base name is implemented in more than one class. */
  public static final String OPTION_ONE_CLASS_PER_BASE_NAME = "torch2jax.oneClassPerBaseName";

  /** The service interface of generated dispatch tables. */
  public static final String OP_TABLE = RuntimeTypes.OP_TABLE;

  /** The service interface of generated primitive rule tables. */
  public static final String PRIMITIVE_RULE_TABLE = RuntimeTypes.PRIMITIVE_RULE_TABLE;

  /** Simple name of the generated dispatch table. */
  public static final String OP_TABLE_NAME = "GeneratedOpTable";

  /** Simple name of the generated primitive rule table. */
  public static final String RULE_TABLE_NAME = "GeneratedPrimitiveRules";

  /** The coverage report, relative to the class output. */
  public static final String COVERAGE_RESOURCE = "META-INF/torch2jax/coverage.tsv";

  private Diagnostics diagnostics;
  private AccessValidator access;
  private GeneratedPackage generatedPackage;
  private DispatchTableWriter dispatchTables;
  private RuleTableWriter ruleTables;
  private ResourceWriter resources;

  // Created with the schema catalog, in the first round that has annotated methods.
  private SchemaCatalog catalog;
  private ImplementsValidator implementations;
  private CustomRuleValidator customVjp;
  private CustomRuleValidator customBatching;
  private PrimitiveRuleValidator primitiveRules;
  private BaseNameValidator baseNames;

  private int opTableCount;
  private int ruleTableCount;
  private final Set<ExecutableElement> processed = new LinkedHashSet<>();
  private final List<String> opTableNames = new ArrayList<>();
  private final List<String> ruleTableNames = new ArrayList<>();
  private final List<Element> originating = new ArrayList<>();

  /** Creates the processor; javac calls this through {@code ServiceLoader}. */
  public OpsProcessor() {}

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager());
    access = new AccessValidator(diagnostics);
    generatedPackage =
        new GeneratedPackage(
            OPTION_PACKAGE,
            env.getOptions().get(OPTION_PACKAGE),
            env.getElementUtils(),
            diagnostics);
    GeneratedCode code =
        new GeneratedCode(env.getFiler(), env.getElementUtils(), OpsProcessor.class.getName());
    dispatchTables = new DispatchTableWriter(code);
    ruleTables = new RuleTableWriter(code);
    resources = new ResourceWriter(env.getFiler());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new LinkedHashSet<>();
    names.add(Annotations.IMPLEMENTS);
    names.add(Annotations.CUSTOM_VJP);
    names.add(Annotations.CUSTOM_BATCHING);
    names.add(Annotations.NOT_DIFFERENTIABLE);
    for (RuleKind k : RuleKind.values()) {
      names.add(k.annotation());
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
      diagnostics.error(Messages.PROCESSOR_CRASH + ": " + e + "\n" + trace);
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
    processed.addAll(methods);
    if (catalog == null) {
      createValidators();
    }
    List<ExecutableElement> sorted = new ArrayList<>(methods);
    sorted.sort(Comparator.comparing(OpsProcessor::methodKey));

    Map<String, ImplementedOp> roundOps = new TreeMap<>();
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
      boolean accessible = access.check(m, ours.get(0));
      for (AnnotationMirror am : ours) {
        String name = Annotations.name(am);
        if (name.equals(Annotations.IMPLEMENTS)) {
          implementations.validate(m, am, accessible, roundOps);
        } else if (name.equals(Annotations.CUSTOM_VJP)) {
          customVjp.validate(m, am, accessible, roundVjp);
        } else if (name.equals(Annotations.CUSTOM_BATCHING)) {
          customBatching.validate(m, am, accessible, roundBatching);
        } else if (name.equals(Annotations.NOT_DIFFERENTIABLE)) {
          primitiveRules.validateNotDifferentiable(m, am);
        } else {
          for (RuleKind k : RuleKind.values()) {
            if (name.equals(k.annotation())) {
              primitiveRules.validate(m, am, k, accessible, roundRules);
            }
          }
        }
      }
    }
    originating.addAll(roundOrigins);
    primitiveRules.checkCompleteness(sorted);
    if (baseNames != null) {
      baseNames.check(implementations.implemented(), sorted);
    }

    if (!roundOps.isEmpty() || !roundVjp.isEmpty() || !roundBatching.isEmpty()) {
      String pkg = generatedPackage.of(roundOrigins);
      String name = OP_TABLE_NAME + (opTableCount == 0 ? "" : String.valueOf(opTableCount + 1));
      opTableCount++;
      if (requireRuntimeTypes(roundOrigins, OP_TABLE, RuntimeTypes.ATEN_OP, RuntimeTypes.ARGS)) {
        dispatchTables.write(pkg, name, roundOps, roundVjp, roundBatching, roundOrigins);
        opTableNames.add(qualified(pkg, name));
      }
    }
    if (!roundRules.isEmpty()) {
      String pkg = generatedPackage.of(roundOrigins);
      String name =
          RULE_TABLE_NAME + (ruleTableCount == 0 ? "" : String.valueOf(ruleTableCount + 1));
      ruleTableCount++;
      if (requireRuntimeTypes(roundOrigins, PRIMITIVE_RULE_TABLE)) {
        Map<String, String> roundNotDiff =
            primitiveRules.notDifferentiableAmong(
                roundRules.getOrDefault(RuleKind.ABSTRACT_EVAL, Map.of()));
        ruleTables.write(pkg, name, roundRules, roundNotDiff, roundOrigins);
        ruleTableNames.add(qualified(pkg, name));
      }
    }
  }

  private void createValidators() {
    catalog = SchemaCatalog.bundled();
    var elements = processingEnv.getElementUtils();
    var types = processingEnv.getTypeUtils();
    JavaTypes javaTypes = new JavaTypes(elements, types);
    implementations = new ImplementsValidator(catalog, types, javaTypes, diagnostics);
    customVjp =
        new CustomRuleValidator(RuntimeTypes.ATEN_VJP_RULE, catalog, elements, types, diagnostics);
    customBatching =
        new CustomRuleValidator(
            RuntimeTypes.ATEN_BATCH_RULE, catalog, elements, types, diagnostics);
    primitiveRules = new PrimitiveRuleValidator(elements, types, diagnostics);
    if (flag(OPTION_ONE_CLASS_PER_BASE_NAME)) {
      baseNames = new BaseNameValidator(catalog, diagnostics);
    }
  }

  private void finish() {
    if (catalog == null) {
      return;
    }
    Element[] origins = originating.toArray(new Element[0]);
    if (!diagnostics.failed()) {
      resources.writeService(OP_TABLE, opTableNames, origins);
      resources.writeService(PRIMITIVE_RULE_TABLE, ruleTableNames, origins);
    }
    CoverageReport report =
        new CoverageReport(
            catalog,
            implementations.implemented(),
            customVjp.declared(),
            customBatching.declared());
    resources.write(COVERAGE_RESOURCE, report.tsv(), origins);
    diagnostics.note(report.note());
    String min = processingEnv.getOptions().get(OPTION_MIN_CORE_COVERAGE);
    if (min == null) {
      return;
    }
    int k;
    try {
      k = Integer.parseInt(min.strip());
    } catch (NumberFormatException e) {
      diagnostics.error(
          "%s: -A%s=%s is not an integer"
              .formatted(Messages.BAD_OPTION, OPTION_MIN_CORE_COVERAGE, min));
      return;
    }
    if (report.coreImplemented() < k) {
      diagnostics.error(
          "%s: %d/%d Core ATen overloads implemented, -A%s asks for %d"
              .formatted(
                  Messages.COVERAGE_BELOW_MINIMUM,
                  report.coreImplemented(),
                  catalog.core().size(),
                  OPTION_MIN_CORE_COVERAGE,
                  k));
    }
  }

  // ----------------------------------------------------------------------------------- helpers

  /** A boolean option: absent is false, {@code -Aname} alone is true; reports other values. */
  private boolean flag(String name) {
    Map<String, String> options = processingEnv.getOptions();
    if (!options.containsKey(name)) {
      return false;
    }
    String value = options.get(name);
    if (value == null || value.strip().equalsIgnoreCase("true")) {
      return true;
    }
    if (!value.strip().equalsIgnoreCase("false")) {
      diagnostics.error(
          "%s: -A%s=%s is not true or false".formatted(Messages.BAD_OPTION, name, value));
    }
    return false;
  }

  private boolean requireRuntimeTypes(List<Element> origins, String... names) {
    for (String n : names) {
      if (processingEnv.getElementUtils().getTypeElement(n) == null) {
        diagnostics.error(
            "%s: %s, needed by the generated table (add torch2jax-runtime to the compile classpath)"
                .formatted(Messages.RUNTIME_TYPE_MISSING, n),
            origins.isEmpty() ? null : origins.get(0),
            null,
            null);
        return false;
      }
    }
    return true;
  }

  private List<AnnotationMirror> ourAnnotations(ExecutableElement m) {
    Set<String> supported = getSupportedAnnotationTypes();
    List<AnnotationMirror> ours = new ArrayList<>();
    for (AnnotationMirror am : m.getAnnotationMirrors()) {
      if (supported.contains(Annotations.name(am))) {
        ours.add(am);
      }
    }
    return ours;
  }

  private static String qualified(String pkg, String name) {
    return pkg.isEmpty() ? name : pkg + "." + name;
  }

  private static String methodKey(ExecutableElement m) {
    return ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "#" + m;
  }
}
