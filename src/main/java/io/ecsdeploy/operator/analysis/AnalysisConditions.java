package io.ecsdeploy.operator.analysis;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.ecsdeploy.operator.lifecycle.AnalysisPhase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges one measurement's result with the check's CEL conditions, as Argo Rollouts does: a failure
 * condition that holds makes it Failed; else a success condition that holds makes it Successful;
 * else, with both conditions given, Inconclusive; with only a success condition, Failed; with only
 * a failure condition, Successful. The result is the variable {@code result}; numbers are doubles,
 * and comparisons between doubles and integers work ({@code result < 1}).
 */
public final class AnalysisConditions {
  private static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          // all(), exists(), map(), filter(), has(), as Kubernetes' CEL offers them.
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("result", SimpleType.DYN)
          .setResultType(SimpleType.BOOL)
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  /** Programs by expression: a check's conditions are compiled once per operator process. */
  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /** A condition that does not compile or cannot be evaluated on the result. */
  public static final class ConditionException extends Exception {
    ConditionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What the conditions make of {@code result}. */
  public AnalysisPhase judge(String successCondition, String failureCondition, Object result)
      throws ConditionException {
    if (failureCondition != null && holds(failureCondition, result)) {
      return AnalysisPhase.Failed;
    }
    if (successCondition == null) {
      return AnalysisPhase.Successful;
    }
    if (holds(successCondition, result)) {
      return AnalysisPhase.Successful;
    }
    return failureCondition == null ? AnalysisPhase.Failed : AnalysisPhase.Inconclusive;
  }

  /**
   * Why {@code condition} does not compile, if it does not: for checking a group's checks before a
   * deployment runs them.
   */
  public static java.util.Optional<String> compileError(String condition) {
    try {
      COMPILER.compile(condition).getAst();
      return java.util.Optional.empty();
    } catch (CelValidationException e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  private boolean holds(String condition, Object result) throws ConditionException {
    CelRuntime.Program program;
    try {
      program = programs.computeIfAbsent(condition, AnalysisConditions::compile);
    } catch (IllegalArgumentException e) {
      throw new ConditionException(e.getMessage(), e);
    }
    try {
      return Boolean.TRUE.equals(program.eval(Map.of("result", result)));
    } catch (CelEvaluationException e) {
      throw new ConditionException(
          "condition " + condition + " could not be evaluated: " + e.getMessage(), e);
    }
  }

  private static CelRuntime.Program compile(String condition) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(condition).getAst();
      return RUNTIME.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(
          "condition " + condition + " does not compile: " + e.getMessage(), e);
    }
  }
}
