# ecs-deploy-operator: the commands the README gives.
#   make demo    the embedded default: local API server, AWS emulators, the operator, and a blue/green
#                deployment followed event by event to Succeeded
#   make test    set up the test peers (first run builds them; later runs reuse the cache) and run every test
#   make run     the operator against the current kubeconfig and AWS credentials (install crds/ first)
#   make crds    regenerate crds/ from the Java resource classes, then docs/reference.md from crds/
#   make format  apply the formatter (google-java-format) to the tree

MVN ?= mvn -B -ntp
export ECSDEPLOY_CACHE ?= $(HOME)/.cache/ecs-deploy-operator

.PHONY: test peers unit crds format demo run

test: peers
	$(MVN) verify -Decsdeploy.cache=$(ECSDEPLOY_CACHE)

peers:
	bash hack/aws-peers.sh
	bash hack/kube-peers.sh

# Pure, fast tests only (no peers).
unit:
	$(MVN) test

crds:
	$(MVN) -q -Dspotless.check.skip=true test-compile
	$(MVN) -q -Dspotless.check.skip=true exec:java@crds exec:java@reference

demo: peers
	$(MVN) -q -Dspotless.check.skip=true test-compile
	$(MVN) -q -Dspotless.check.skip=true exec:java@demo -Decsdeploy.cache=$(ECSDEPLOY_CACHE)

run:
	$(MVN) -q -Dspotless.check.skip=true compile
	$(MVN) -q -Dspotless.check.skip=true exec:java@run

format:
	$(MVN) -q spotless:apply
