package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One measurement of an analysis check. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisMeasurementInfo {
  @JsonPropertyDescription("Successful, Failed, Inconclusive or Error.")
  public String phase;

  @JsonPropertyDescription("The wait it was taken in.")
  public String waitName;

  @JsonPropertyDescription("The result the conditions judged, as JSON (shortened).")
  public String value;

  @JsonPropertyDescription("For an error, what went wrong.")
  public String message;

  @JsonPropertyDescription("When the measurement began (RFC 3339).")
  public String startedAt;

  @JsonPropertyDescription("When it ended (RFC 3339).")
  public String finishedAt;
}
