package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.ErrorInformation;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.api.v1alpha1.TaskSetInfo;
import io.ecsdeploy.operator.api.v1alpha1.TrafficPauseStatus;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeploymentViewTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void showsEachLifecycleEventWithItsDurationSoFar() {
    EcsDeployment deployment =
        deployment(
            s -> {
              s.lifecycleEvents =
                  List.of(
                      event(
                          "BeforeInstall", LifecycleEventStatus.Succeeded, "11:50:00", "11:51:30"),
                      event("Install", LifecycleEventStatus.InProgress, "11:51:30", null),
                      event("AfterInstall", LifecycleEventStatus.Pending, null, null));
            });

    String view = DeploymentView.render(deployment, List.of(), NOW, 5);

    assertThat(view)
        .containsPattern("EVENT\\s+STATUS\\s+STARTED\\s+ENDED\\s+DURATION\\s+HOOK")
        .containsPattern("BeforeInstall\\s+Succeeded\\s+2026-11-26 11:50:00Z\\s+.*\\s1m30s\\s+-")
        .containsPattern("Install\\s+InProgress\\s+2026-11-26 11:51:30Z\\s+-\\s+8m30s\\s+-")
        .containsPattern("AfterInstall\\s+Pending\\s+-\\s+-\\s+-\\s+-");
  }

  @Test
  void showsPhaseTrafficRoutingAndTheNextDeadline() {
    EcsDeployment deployment =
        deployment(
            s -> {
              s.currentEvent = "AllowTraffic";
              s.phase = "AllowTraffic";
              s.trafficSplit = "90/10";
              s.trafficRouting = "canary: 10%, then 100% after 5 minutes";
              s.nextDeadline = "2026-11-26T12:05:00Z";
            });

    assertThat(DeploymentView.render(deployment, List.of(), NOW, 5))
        .startsWith("Deployment:     web-2 (d-ABCDEFGHI) in team-a\nGroup:          web\n")
        .contains("Status:         InProgress, AllowTraffic\n")
        .contains("Phase:          AllowTraffic\n")
        .contains("Traffic:        original 90% / replacement 10%\n")
        .contains("Routing:        canary: 10%, then 100% after 5 minutes\n")
        .contains("Next deadline:  2026-11-26 12:05:00Z (in 5m0s)\n");
  }

  @Test
  void showsAPauseAndHowToContinueIt() {
    EcsDeployment deployment =
        deployment(
            s -> {
              s.currentEvent = "AllowTraffic";
              s.trafficSplit = "75/25";
              s.pause = new TrafficPauseStatus();
              s.pause.step = 2;
              s.pause.weight = 25;
              s.pause.since = "2026-11-26T11:55:00Z";
            });

    assertThat(DeploymentView.render(deployment, List.of(), NOW, 5))
        .contains(
            "Paused:         at step 2 (25%) since 2026-11-26 11:55:00Z, until continued"
                + " (kubectl ecsdeploy continue web-2)\n");
  }

  @Test
  void showsTaskSetsWithTheirCountsAndTheError() {
    EcsDeployment deployment =
        deployment(
            s -> {
              s.status = DeploymentStatus.Failed;
              s.errorInformation = new ErrorInformation();
              s.errorInformation.code = ErrorCode.ALARM_ACTIVE;
              s.errorInformation.message = "web-5xx in ALARM";
              TaskSetInfo blue = new TaskSetInfo();
              blue.arn = "arn:aws:ecs:us-east-1:111122223333:task-set/production/web/ecs-svc/42";
              blue.taskSetLabel = "Blue";
              blue.status = "PRIMARY";
              blue.trafficWeight = 100;
              blue.desiredCount = 3;
              blue.pendingCount = 0;
              blue.runningCount = 3;
              s.taskSets = List.of(blue);
            });

    assertThat(DeploymentView.render(deployment, List.of(), NOW, 5))
        .contains("Error:          ALARM_ACTIVE: web-5xx in ALARM\n")
        .containsPattern("TASK SET\\s+ROLE\\s+STATUS\\s+TRAFFIC\\s+DESIRED\\s+PENDING\\s+RUNNING")
        .containsPattern("42\\s+Blue\\s+PRIMARY\\s+100%\\s+3\\s+0\\s+3\\s+-\\s+-");
  }

  @Test
  void showsOnlyTheLatestEventsWithTheirAges() {
    List<Event> events =
        IntStream.rangeClosed(1, 8)
            .mapToObj(
                i ->
                    new EventBuilder()
                        .withNewMetadata()
                        .withName("e" + i)
                        .endMetadata()
                        .withEventTime(new MicroTime("2026-11-26T11:5" + i + ":00.000000Z"))
                        .withType("Normal")
                        .withReason("Reason" + i)
                        .withNote("note " + i)
                        .build())
            .toList();

    String view = DeploymentView.render(deployment(s -> {}), events, NOW, 3);

    assertThat(view)
        .containsPattern("AGE\\s+TYPE\\s+REASON\\s+MESSAGE")
        .containsPattern("4m0s\\s+Normal\\s+Reason6\\s+note 6")
        .containsPattern("2m0s\\s+Normal\\s+Reason8\\s+note 8")
        .doesNotContain("Reason5");
  }

  @Test
  void aDeploymentWithoutStatusShowsWhatItHas() {
    EcsDeployment deployment = deployment(s -> {});
    deployment.setStatus(null);

    assertThat(DeploymentView.render(deployment, List.of(), NOW, 5))
        .isEqualTo("Deployment:     web-2 in team-a\nGroup:          web\nStatus:         -\n");
  }

  private static EcsDeployment deployment(java.util.function.Consumer<EcsDeploymentStatus> with) {
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setName("web-2");
    deployment.getMetadata().setNamespace("team-a");
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = "web";
    EcsDeploymentStatus status = new EcsDeploymentStatus();
    status.deploymentId = "d-ABCDEFGHI";
    status.status = DeploymentStatus.InProgress;
    with.accept(status);
    deployment.setStatus(status);
    return deployment;
  }

  private static LifecycleEventInfo event(
      String name, LifecycleEventStatus status, String start, String end) {
    LifecycleEventInfo event = new LifecycleEventInfo();
    event.lifecycleEventName = name;
    event.status = status;
    event.startTime = start == null ? null : "2026-11-26T" + start + "Z";
    event.endTime = end == null ? null : "2026-11-26T" + end + "Z";
    return event;
  }
}
