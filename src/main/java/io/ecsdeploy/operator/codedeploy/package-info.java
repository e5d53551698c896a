/**
 * CodeDeploy's vocabulary: the names, statuses and codes of AWS CodeDeploy for ECS, shared by the
 * resource model, the engine and the AWS adapters; plain Java, no library imports.
 *
 * <p>Every constant is spelled exactly as CodeDeploy spells it, so the custom resources, the
 * engine's persisted state and the AWS adapters use the same values with no translation between
 * them.
 */
package io.ecsdeploy.operator.codedeploy;
