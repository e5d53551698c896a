# ecs-deploy-operator: the commands the README gives.
#   make demo    the embedded default: local API server, AWS emulators, the operator, and a blue/green
#                deployment followed event by event to Succeeded; KEEP=1 stays up afterwards until Ctrl-C
#   make test    set up the test peers (first run builds them; later runs reuse the cache) and run every test
#   make run     the operator against the current kubeconfig and AWS credentials (install crds/ first)
#   make crds    regenerate crds/ from the Java resource classes, then docs/reference.md from crds/
#   make manifests  regenerate operator/manifests/ (install without Helm) from the chart
#   make chart-readme     regenerate helm/README.md from the comments in helm/values.yaml
#   make chart-dashboard  copy operator/grafana/ into the chart (helm/dashboards/), which reads no file outside itself
#   make plugin  install the kubectl plugin (kubectl ecsdeploy ...) into PREFIX (default ~/.local)
#   make plugin-archive  the plugin as an archive for krew, target/kubectl-ecsdeploy.tar.gz, and its sha256
#   make image   the operator's container image as an OCI archive, target/jib-image.tar (no Docker daemon),
#                and its SBOM, target/bom.json
#   make format  apply the formatter (google-java-format) to the tree
#   make bench   the benchmark: N services and deployments at once for N = 10, 100 and 1000 (BENCH_SIZES),
#                figures in bench/results.md and bench/results.png
#   make reliability  the fault suite's full matrix (kill sweep with repetitions and the hook-timeout scenario,
#                longer AWS stress, Kubernetes faults, bad input), then docs/reliability.md from its tables

# Plain output, in a terminal or not: -B turns Maven's colours off, and jansi.noreset stops the console
# library of Maven 3.8 writing its colour resets (ESC[0m) all the same.
MVN ?= mvn -B -ntp -Dstyle.color=never
export MAVEN_OPTS += -Djansi.noreset=true
export ECSDEPLOY_CACHE ?= $(HOME)/.cache/ecs-deploy-operator

.PHONY: test peers unit crds manifests chart-readme chart-dashboard plugin plugin-archive format demo run image \
  reliability bench

test: peers
	$(MVN) verify -Decsdeploy.cache=$(ECSDEPLOY_CACHE)

peers:
	bash hack/helm.sh
	bash hack/aws-peers.sh
	bash hack/kube-peers.sh
	bash hack/prometheus-peer.sh

# The fault suite's full matrix: the tests of the bounded matrix in `make test`, each run longer (every
# kill-sweep call and wait index RELIABILITY_REPETITIONS times, with the one-minute hook-timeout scenario;
# more stress rounds), then docs/reliability.md from the tables they write to target/reliability/.
RELIABILITY_REPETITIONS ?= 3
RELIABILITY_TESTS ?= KillSweepE2E,AwsStressE2E,KubernetesFaultsE2E,ApiServerRestartE2E,BadInputE2E,ResourceSchemaIT
reliability: peers
	$(MVN) verify -Decsdeploy.cache=$(ECSDEPLOY_CACHE) -Djacoco.skip=true -Dtest=PluginArgumentsTest \
	  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='$(RELIABILITY_TESTS)' \
	  -Decsdeploy.reliability.repetitions=$(RELIABILITY_REPETITIONS)
	RELIABILITY_COMMAND="make reliability RELIABILITY_REPETITIONS=$(RELIABILITY_REPETITIONS)" \
	  bash hack/reliability-report.sh

# The benchmark (io.ecsdeploy.operator.bench.OperatorBenchmark, which no test pattern matches): for each N in
# BENCH_SIZES, a fleet of N services and groups, N deployments at once, and the figures of issue 11 in
# bench/results.md and bench/results.png. About 2 minutes for N = 10 and 100, and most of an hour for 1000.
BENCH_SIZES ?= 10,100,1000
bench: peers
	$(MVN) verify -Decsdeploy.cache=$(ECSDEPLOY_CACHE) -Djacoco.skip=true -Djib.skip=true \
	  -Dspotless.check.skip=true -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=OperatorBenchmark -Decsdeploy.bench.sizes=$(BENCH_SIZES)

# Pure, fast tests only (no peers).
unit:
	$(MVN) test

manifests:
	bash hack/manifests.sh

chart-readme:
	$(MVN) -q -Dspotless.check.skip=true test-compile
	$(MVN) -q -Dspotless.check.skip=true exec:java@chart-readme

chart-dashboard:
	cp operator/grafana/ecs-deploy-operator.json helm/dashboards/

# The kubectl plugin: kubectl-ecsdeploy into $(PREFIX)/bin, the jars it runs on into $(PREFIX)/lib: the operator's
# jar and target/kubectl-plugin/lib, which `mvn package` fills with the plugin's dependencies only (no AWS SDK,
# java-operator-sdk or metrics; see the pom).
PREFIX ?= $(HOME)/.local
plugin:
	rm -rf target/kubectl-plugin target/ecs-deploy-operator-*.jar
	$(MVN) -q -Dspotless.check.skip=true -DskipTests -Djacoco.skip=true -Djib.skip=true package
	rm -rf $(PREFIX)/lib/ecs-deploy-operator && mkdir -p $(PREFIX)/lib/ecs-deploy-operator $(PREFIX)/bin
	cp target/kubectl-plugin/lib/*.jar target/ecs-deploy-operator-*.jar $(PREFIX)/lib/ecs-deploy-operator/
	install -m 0755 operator/kubectl-plugin/kubectl-ecsdeploy $(PREFIX)/bin/kubectl-ecsdeploy

# The plugin as an archive for krew (operator/kubectl-plugin/krew-ecsdeploy.yaml): bin/ and lib/ as `make plugin`
# installs them, in target/kubectl-ecsdeploy.tar.gz, and its sha256 for the manifest.
plugin-archive:
	rm -rf target/krew
	$(MAKE) plugin PREFIX=$(CURDIR)/target/krew/kubectl-ecsdeploy
	tar -czf target/kubectl-ecsdeploy.tar.gz -C target/krew/kubectl-ecsdeploy bin lib
	sha256sum target/kubectl-ecsdeploy.tar.gz

crds:
	$(MVN) -q -Dspotless.check.skip=true test-compile
	$(MVN) -q -Dspotless.check.skip=true exec:java@crds exec:java@reference

# KEEP=1: after the deployment succeeds, print the kubeconfig, the metrics URL and commands to try, and stay
# up until interrupted (Ctrl-C).
KEEP ?=
demo: peers
	$(MVN) -q -Dspotless.check.skip=true test-compile
	$(MVN) -q -Dspotless.check.skip=true exec:java@demo -Decsdeploy.cache=$(ECSDEPLOY_CACHE) \
	  -Decsdeploy.demo.keep=$(KEEP)

run:
	$(MVN) -q -Dspotless.check.skip=true compile
	$(MVN) -q -Dspotless.check.skip=true exec:java@run

# The container image: its base (a jlink'd Java runtime and Debian's libraries, hack/base-image.sh, cached in
# $(ECSDEPLOY_CACHE)/base-image) and the operator on it, written by Jib. `make test` builds and tests it too.
image:
	$(MVN) -Dspotless.check.skip=true -DskipTests -Djacoco.skip=true package -Decsdeploy.cache=$(ECSDEPLOY_CACHE)
	@ls -l target/jib-image.tar target/bom.json

format:
	$(MVN) -q spotless:apply
