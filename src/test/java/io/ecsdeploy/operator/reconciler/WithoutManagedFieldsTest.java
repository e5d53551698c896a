package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {

  @Test
  void storesResourcesWithoutTheirManagedFieldsUnderTheInformersKey() {
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setName("release-2");
    deployment.getMetadata().setNamespace("team-a");
    deployment
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager("ecsdeployment")
                    .withOperation("Apply")
                    .build()));
    WithoutManagedFields<EcsDeployment> store = new WithoutManagedFields<>();

    store.put(store.getKey(deployment), deployment);

    assertThat(store.getKey(deployment)).isEqualTo("team-a/release-2");
    assertThat(store.get("team-a/release-2").getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(store.get("team-a/release-2").getMetadata().getName()).isEqualTo("release-2");
  }
}
