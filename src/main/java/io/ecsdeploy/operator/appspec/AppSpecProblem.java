package io.ecsdeploy.operator.appspec;

/**
 * One thing wrong with an AppSpec.
 *
 * @param location where: a path such as {@code
 *     Resources[0].TargetService.Properties.TaskDefinition}, a {@code line L, column C} position,
 *     or {@code (document)} for the whole input
 * @param message what is wrong, written for the person who wrote the AppSpec
 */
public record AppSpecProblem(String location, String message) {
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
