package io.ecsdeploy.operator.appspec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An AppSpec that cannot be deployed. Checked, because a bad revision is an expected outcome that
 * the caller must turn into a deployment failure ({@code INVALID_REVISION}) rather than a crash.
 */
public class AppSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<AppSpecProblem> problems;

  public AppSpecException(List<AppSpecProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in document order; never empty. */
  public List<AppSpecProblem> problems() {
    return problems;
  }

  private static String describe(List<AppSpecProblem> problems) {
    String noun = problems.size() == 1 ? "problem" : "problems";
    return "Invalid AppSpec ("
        + problems.size()
        + " "
        + noun
        + "): "
        + problems.stream().map(AppSpecProblem::toString).collect(Collectors.joining("; "));
  }
}
