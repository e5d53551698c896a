package io.ecsdeploy.operator.api.v1alpha1;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@code kubectl explain} shows for a kind, its {@code spec} and its {@code status}: the CRD
 * generator writes these into the schema's root, spec and status descriptions (the generator reads
 * field descriptions from {@code @JsonPropertyDescription}, but has no place for these three).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Described {
  /** The kind. */
  String kind();

  /** Its spec: what the user declares. */
  String spec();

  /** Its status: what the operator reports. */
  String status();
}
