/**
 * Server-side apply and {@code metadata.managedFields}, as Kubernetes' field manager
 * ({@code k8s.io/apimachinery/pkg/util/managedfields}) over structured-merge-diff does them.
 *
 * <p>The API is three classes:
 * <ul>
 *   <li>{@link io.capstan.apiserver.apply.ServerSideApply} for {@code PATCH} with
 *       {@code application/apply-patch+yaml}: {@code parse} the body, {@code apply} it to the live
 *       object (null to create), store {@code Result.object()} when {@code changed()}, answer 201
 *       when {@code created()}. A conflict is an {@code ApiException} 409 as Kubernetes words it.
 *   <li>{@link io.capstan.apiserver.apply.ManagedFieldsTracker} for every other write (create,
 *       update, merge/strategic/JSON patch): {@code recordUpdate(old, updated, manager, "Update",
 *       apiVersion, now)} rewrites {@code updated}'s managedFields; the manager is
 *       {@code managerFor(fieldManager, userAgent)}.
 *   <li>{@link io.capstan.apiserver.apply.WriteScope}: which subresource a write goes through and
 *       the fields its strategy resets ({@code status} on the main resource, {@code spec} on
 *       {@code status}), so that they are neither owned nor conflicted on.
 * </ul>
 * The engine lives in {@code fieldpath} (paths, {@code FieldSet} and FieldsV1), {@code typed}
 * (schema-aware merge, compare, field sets) and {@code merge} (ownership bookkeeping).
 */
package io.capstan.apiserver.apply;
