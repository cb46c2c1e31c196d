/**
 * What every Capstan component app binds the same way: the bus ({@code capstan.kafka.*}), its
 * apiserver credentials ({@code capstan.api.*}) and leader election over a Lease.
 */
package io.capstan.client.app;
