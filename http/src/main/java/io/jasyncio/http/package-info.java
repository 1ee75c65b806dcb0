/**
 * Types shared by the HTTP server, client and WebSockets: methods, status codes, headers, the JSON codec.
 */
package io.jasyncio.http;
