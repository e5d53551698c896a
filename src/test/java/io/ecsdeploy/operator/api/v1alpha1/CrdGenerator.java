package io.ecsdeploy.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the CRD YAML from the resource classes. {@code make crds} writes it to {@code crds/}
 * and to the Helm chart's {@code helm/crds/}; {@link CrdsUpToDateTest} generates it again and fails
 * when either has drifted.
 */
public final class CrdGenerator {
  static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(
          EcsApplication.class,
          EcsDeploymentConfig.class,
          EcsDeploymentGroup.class,
          EcsDeployment.class);

  private CrdGenerator() {}

  public static void generate(Path outputDir) throws Exception {
    Files.createDirectories(outputDir);
    new CRDGenerator()
        .inOutputDir(outputDir.toFile())
        .forCRDVersions("v1")
        .withParallelGenerationEnabled(false)
        .withMinQuotes(true)
        .withPostProcessor(
            new CRDPostProcessor() {
              @Override
              public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                return described(printerColumnsInDeclaredOrder(crd));
              }
            })
        .customResourceClasses(RESOURCES)
        .generate();
  }

  /**
   * The generator sorts printer columns by JSON path; {@code kubectl get} shows them in CRD order,
   * so put them back in the order the class declares them (Age last, as kubectl users expect).
   */
  private static HasMetadata printerColumnsInDeclaredOrder(HasMetadata crd) {
    CustomResourceDefinition definition = (CustomResourceDefinition) crd;
    Class<?> resource = resourceClass(crd);
    List<String> declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
      version
          .getAdditionalPrinterColumns()
          .sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
    }
    return crd;
  }

  /** The kind's, spec's and status's descriptions from {@link Described}, for kubectl explain. */
  private static HasMetadata described(HasMetadata crd) {
    CustomResourceDefinition definition = (CustomResourceDefinition) crd;
    Described described = resourceClass(crd).getAnnotation(Described.class);
    for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
      var root = version.getSchema().getOpenAPIV3Schema();
      root.setDescription(described.kind());
      root.getProperties().get("spec").setDescription(described.spec());
      root.getProperties().get("status").setDescription(described.status());
    }
    return crd;
  }

  private static Class<?> resourceClass(HasMetadata crd) {
    return RESOURCES.stream()
        .filter(c -> HasMetadata.getFullResourceName(c).equals(crd.getMetadata().getName()))
        .findFirst()
        .orElseThrow();
  }

  /** The directories that hold a copy of the generated CRDs, relative to the repository. */
  static final List<String> OUTPUT_DIRS = List.of("crds", "helm/crds");

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".");
    for (String dir : OUTPUT_DIRS) {
      Path outputDir = repo.resolve(dir);
      generate(outputDir);
      System.out.println("CRDs written to " + outputDir.toAbsolutePath().normalize());
    }
  }
}
