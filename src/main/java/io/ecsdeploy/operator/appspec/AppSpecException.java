package io.ecsdeploy.operator.appspec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An AppSpec that cannot be deployed. Checked, because a bad revision is an expected outcome that
 * the caller must turn into a deployment failure ({@code INVALID_REVISION}) rather than a crash.
 */
public class AppSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How many problems the message lists. */
  static final int LISTED_PROBLEMS = 10;

  private final transient List<AppSpecProblem> problems;

  public AppSpecException(List<AppSpecProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in document order; never empty. */
  public List<AppSpecProblem> problems() {
    return problems;
  }

  /**
   * The first {@value #LISTED_PROBLEMS} problems, and how many more: the message ends up in the
   * deployment's status and Events, and a document can be written to have thousands.
   */
  private static String describe(List<AppSpecProblem> problems) {
    String noun = problems.size() == 1 ? "problem" : "problems";
    String listed =
        problems.stream()
            .limit(LISTED_PROBLEMS)
            .map(AppSpecProblem::toString)
            .collect(Collectors.joining("; "));
    int more = problems.size() - LISTED_PROBLEMS;
    return "Invalid AppSpec ("
        + problems.size()
        + " "
        + noun
        + "): "
        + listed
        + (more > 0 ? "; and " + more + " more" : "");
  }
}
