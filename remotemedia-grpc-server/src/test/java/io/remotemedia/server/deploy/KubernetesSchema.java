package io.remotemedia.server.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.beans.Introspector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks Kubernetes objects against the Kubernetes API schema, strictly: every field must be one
 * the API defines, with a value of its type.
 *
 * <p>The schema is fabric8's Kubernetes model (generated from the API server's OpenAPI
 * definitions, released with each Kubernetes version). fabric8 itself is lenient: it keeps
 * fields it does not know in each object's {@code additionalProperties} map, as the API server
 * does for unknown fields when not asked for strict validation. This class reads each object
 * into the model and then reports every such field with its path, which is what {@code kubectl
 * apply --validate=strict} reports. Type mismatches fail the reading itself. Kinds the model
 * does not know (read as {@link GenericKubernetesResource}) are reported too, so nothing passes
 * unchecked.
 *
 * <p>Not checked: required fields and value ranges, which the API server checks on apply.
 */
final class KubernetesSchema {
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /**
   * Returns the problems of one object, each as {@code path: message}; empty if the object
   * matches the schema.
   *
   * @param object one YAML document, as loaded by a safe YAML loader
   */
  List<String> problems(Map<String, Object> object) {
    KubernetesResource resource;
    try {
      resource = serialization.convertValue(object, KubernetesResource.class);
    } catch (IllegalArgumentException e) {
      // What fabric8 throws for a value of the wrong type.
      return List.of(object.get("kind") + ": does not fit the schema: " + e.getMessage());
    }
    if (resource == null || resource instanceof GenericKubernetesResource) {
      return List.of(object.get("apiVersion") + " " + object.get("kind")
          + ": not a kind of the Kubernetes API (or of the Prometheus Operator)");
    }
    List<String> problems = new ArrayList<>();
    walk(resource, String.valueOf(object.get("kind")), problems);
    return problems;
  }

  private static void walk(Object value, String path, List<String> problems) {
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        walk(item, path + "[" + index++ + "]", problems);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "." + key, problems));
      return;
    }
    if (value == null || !value.getClass().getName().startsWith("io.fabric8.")
        || value.getClass().isEnum()) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (!isProperty(getter)) {
        continue;
      }
      Object property = invoke(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (property instanceof Map<?, ?> unknown) {
          unknown.keySet().forEach(field -> problems.add(path + ": unknown field \"" + field
              + "\""));
        }
      } else {
        walk(property, path + "." + Introspector.decapitalize(getter.getName().substring(3)),
            problems);
      }
    }
  }

  /** A getter of the model whose value can hold objects (scalars hold no unknown fields). */
  private static boolean isProperty(Method method) {
    Class<?> type = method.getReturnType();
    return method.getName().startsWith("get") && method.getParameterCount() == 0
        && !Modifier.isStatic(method.getModifiers()) && !method.isDefault()
        && method.getDeclaringClass().getName().startsWith("io.fabric8.")
        && (type.getName().startsWith("io.fabric8.") || Collection.class.isAssignableFrom(type)
            || Map.class.isAssignableFrom(type));
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}
