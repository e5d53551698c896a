package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One analysis check's progress in its current (or last) wait, and its latest measurements. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisCheckStatus {
  @JsonPropertyDescription("The check's name.")
  public String name;

  @JsonPropertyDescription(
      "The wait the counts are for: `AllowTraffic step N` (from 1) or `TerminationWait`.")
  public String waitName;

  @JsonPropertyDescription("Measurements taken in that wait.")
  public Integer taken;

  @JsonPropertyDescription("Of those, successful.")
  public Integer successful;

  @JsonPropertyDescription("Of those, failed.")
  public Integer failed;

  @JsonPropertyDescription("Of those, inconclusive or erroneous.")
  public Integer inconclusive;

  @JsonPropertyDescription("When the next measurement is due (RFC 3339); absent when none is.")
  public String nextMeasurementTime;

  @JsonPropertyDescription("The latest measurements (at most 5), oldest first, across waits.")
  public List<AnalysisMeasurementInfo> measurements = new ArrayList<>();
}
