package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplicationSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsServiceRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServiceClaimsTest {
  static final String DEFAULT_REGION = "us-east-1";
  static final String EARLY = "2026-03-01T10:00:00Z";
  static final String LATER = "2026-03-01T10:00:01Z";

  final Map<String, EcsApplication> applications = new HashMap<>();

  static EcsDeploymentGroup group(String namespace, String name, String created) {
    EcsDeploymentGroup group = new EcsDeploymentGroup();
    group.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withCreationTimestamp(created)
            .build());
    EcsDeploymentGroupSpec spec = new EcsDeploymentGroupSpec();
    spec.applicationName = "web-app";
    spec.service = new EcsServiceRef();
    spec.service.clusterName = "web-cluster";
    spec.service.serviceName = "web";
    group.setSpec(spec);
    return group;
  }

  EcsApplication application(String namespace, String name, String region, String roleArn) {
    EcsApplication application = new EcsApplication();
    application.setMetadata(
        new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    EcsApplicationSpec spec = new EcsApplicationSpec();
    spec.region = region;
    spec.roleArn = roleArn;
    application.setSpec(spec);
    applications.put(namespace + "/" + name, application);
    return application;
  }

  Optional<EcsApplication> applicationOf(EcsDeploymentGroup group) {
    return Optional.ofNullable(
        applications.get(
            group.getMetadata().getNamespace() + "/" + group.getSpec().applicationName));
  }

  EcsDeploymentGroup holder(EcsDeploymentGroup group, EcsDeploymentGroup... all) {
    return ServiceClaims.holder(group, List.of(all), this::applicationOf, DEFAULT_REGION);
  }

  @Nested
  class TheOldestGroupHoldsTheService {
    @Test
    void theGroupCreatedFirstHoldsIt() {
      EcsDeploymentGroup first = group("team-a", "web", EARLY);
      EcsDeploymentGroup second = group("team-a", "web-again", LATER);

      assertThat(holder(second, first, second)).isSameAs(first);
      assertThat(holder(first, first, second)).isSameAs(first);
    }

    @Test
    void aGroupAloneHoldsIt() {
      EcsDeploymentGroup only = group("team-a", "web", LATER);

      assertThat(holder(only, only)).isSameAs(only);
      assertThat(holder(only)).isSameAs(only);
    }

    @Test
    void anOlderGroupHoldsItWhetherOrNotTheAskingGroupIsListed() {
      EcsDeploymentGroup first = group("team-a", "web", EARLY);
      EcsDeploymentGroup second = group("team-a", "web-again", LATER);

      assertThat(holder(second, first)).isSameAs(first);
    }

    @Test
    void inTheSameSecondTheNamespaceDecidesFirst() {
      EcsDeploymentGroup inBeta = group("beta", "aaa", EARLY);
      EcsDeploymentGroup inAlpha = group("alpha", "zzz", EARLY);

      assertThat(holder(inBeta, inBeta, inAlpha)).isSameAs(inAlpha);
      assertThat(holder(inAlpha, inBeta, inAlpha)).isSameAs(inAlpha);
    }

    @Test
    void inTheSameSecondAndNamespaceTheNameDecides() {
      EcsDeploymentGroup web = group("team-a", "web", EARLY);
      EcsDeploymentGroup api = group("team-a", "api", EARLY);

      assertThat(holder(web, web, api)).isSameAs(api);
      assertThat(holder(api, web, api)).isSameAs(api);
    }

    @Test
    void aGroupBeingDeletedDoesNotHoldIt() {
      EcsDeploymentGroup leaving = group("team-a", "web", EARLY);
      leaving.getMetadata().setDeletionTimestamp("2026-03-01T11:00:00Z");
      EcsDeploymentGroup staying = group("team-a", "web-again", LATER);

      assertThat(holder(staying, leaving, staying)).isSameAs(staying);
    }

    @Test
    void theOldestOfThreeHoldsItForBothOthers() {
      EcsDeploymentGroup oldest = group("team-c", "web", "2026-02-28T09:00:00Z");
      EcsDeploymentGroup middle = group("team-a", "web", EARLY);
      EcsDeploymentGroup newest = group("team-b", "web", LATER);

      assertThat(holder(middle, newest, middle, oldest)).isSameAs(oldest);
      assertThat(holder(newest, newest, middle, oldest)).isSameAs(oldest);
    }
  }

  @Nested
  class DifferentServicesDoNotConflict {
    final EcsDeploymentGroup first = group("team-a", "web", EARLY);
    final EcsDeploymentGroup second = group("team-b", "web", LATER);

    @Test
    void groupsInDifferentRegionsDoNotConflict() {
      first.getSpec().region = "eu-west-1";
      second.getSpec().region = "eu-central-1";

      assertThat(holder(second, first, second)).isSameAs(second);
    }

    @Test
    void theGroupsRegionOverridesTheDefault() {
      second.getSpec().region = "eu-west-1";

      assertThat(holder(second, first, second)).isSameAs(second);
    }

    @Test
    void theApplicationsRegionCounts() {
      application("team-b", "web-app", "ap-southeast-2", null);

      assertThat(holder(second, first, second)).isSameAs(second);
    }

    @Test
    void theApplicationsRegionMatchingTheDefaultConflicts() {
      application("team-b", "web-app", DEFAULT_REGION, null);

      assertThat(holder(second, first, second)).isSameAs(first);
    }

    @Test
    void theGroupsRegionOverridesTheApplicationsRegion() {
      application("team-b", "web-app", "ap-southeast-2", null);
      second.getSpec().region = DEFAULT_REGION;

      assertThat(holder(second, first, second)).isSameAs(first);
    }

    @Test
    void groupsInDifferentAccountsDoNotConflict() {
      first.getSpec().roleArn = "arn:aws:iam::111122223333:role/ecs-deploy";
      second.getSpec().roleArn = "arn:aws:iam::444455556666:role/ecs-deploy";

      assertThat(holder(second, first, second)).isSameAs(second);
    }

    @Test
    void twoRolesOfOneAccountNameTheSameService() {
      first.getSpec().roleArn = "arn:aws:iam::111122223333:role/team-a-deployer";
      application("team-b", "web-app", null, "arn:aws:iam::111122223333:role/team-b-deployer");

      assertThat(holder(second, first, second)).isSameAs(first);
    }

    @Test
    void aRoleAndTheOperatorsOwnCredentialsDoNotConflict() {
      second.getSpec().roleArn = "arn:aws:iam::111122223333:role/ecs-deploy";

      assertThat(holder(second, first, second)).isSameAs(second);
    }

    @Test
    void anotherServiceOfTheClusterDoesNotConflict() {
      second.getSpec().service.serviceName = "api";

      assertThat(holder(second, first, second)).isSameAs(second);
    }

    @Test
    void theSameServiceNameInAnotherClusterDoesNotConflict() {
      second.getSpec().service.clusterName = "other-cluster";

      assertThat(holder(second, first, second)).isSameAs(second);
    }
  }

  @Test
  void aServiceNamedByArnIsTheServiceNamedByItsShortName() {
    EcsDeploymentGroup byName = group("team-a", "web", EARLY);
    EcsDeploymentGroup byArn = group("team-b", "web", LATER);
    byArn.getSpec().service.clusterName = "arn:aws:ecs:us-east-1:111122223333:cluster/web-cluster";
    byArn.getSpec().service.serviceName =
        "arn:aws:ecs:us-east-1:111122223333:service/web-cluster/web";

    assertThat(holder(byArn, byName, byArn)).isSameAs(byName);
    assertThat(ServiceClaims.key(byArn, Optional.empty(), DEFAULT_REGION))
        .isEqualTo(ServiceClaims.key(byName, Optional.empty(), DEFAULT_REGION))
        .isEqualTo("/us-east-1/web-cluster/web");
  }

  @Test
  void theKeyNamesAccountRegionClusterAndService() {
    EcsDeploymentGroup group = group("team-a", "web", EARLY);
    group.getSpec().roleArn = "arn:aws:iam::111122223333:role/ecs-deploy";
    group.getSpec().region = "eu-west-1";

    assertThat(ServiceClaims.key(group, Optional.empty(), DEFAULT_REGION))
        .isEqualTo("111122223333/eu-west-1/web-cluster/web");
  }
}
