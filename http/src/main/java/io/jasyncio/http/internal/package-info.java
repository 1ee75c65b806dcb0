/**
 * Internal use only, not exported: the HTTP/1.1 codec glue over Jetty's parser and generator.
 */
package io.jasyncio.http.internal;
