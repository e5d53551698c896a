# ecs-deploy-operator: the commands the README gives.
#   make test    set up the test peers (first run builds them; later runs reuse the cache) and run every test
#   make crds    regenerate crds/ from the Java resource classes
#   make format  apply the formatter (google-java-format) to the tree

MVN ?= mvn -B -ntp
export ECSDEPLOY_CACHE ?= $(HOME)/.cache/ecs-deploy-operator

.PHONY: test peers unit crds format

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
	$(MVN) -q -Dspotless.check.skip=true exec:java

format:
	$(MVN) -q spotless:apply
