package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** An HTTP request whose JSON answer, or a part of it, is the measurement's result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebAnalysis {
  /** HTTP methods a web check may use. */
  public enum Method {
    GET,
    POST
  }

  @Required
  @Pattern("^https?://[^\\s]+$")
  @Size(max = 2048)
  @JsonPropertyDescription("The URL. An answer other than 2xx makes the measurement an error.")
  public String url;

  @Default("GET")
  @JsonPropertyDescription("GET or POST.")
  public Method method;

  @Size(max = 20)
  @JsonPropertyDescription("Request headers, name to value.")
  public Map<String, String> headers;

  @Size(max = 65536)
  @JsonPropertyDescription("The body of a POST.")
  public String body;

  @Pattern("^(/.*)?$")
  @Size(max = 1024)
  @JsonPropertyDescription(
      "Where the result is in the JSON answer, as a JSON pointer (RFC 6901) such as"
          + " /data/errorRate; empty or absent for the whole answer. A missing or null value makes"
          + " the measurement an error.")
  public String jsonPath;
}
