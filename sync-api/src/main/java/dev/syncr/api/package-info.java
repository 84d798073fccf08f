/**
 * The HTTP API's wire format, in one place: a record for every JSON request and response body. The server renders
 * and binds these, the Java client parses them, the CLI's {@code --json} prints them, and a test holds the OpenAPI
 * document to them. Field names go on the wire in snake_case ({@code fileId} → {@code file_id}), nulls are left
 * out; see {@link dev.syncr.api.ApiJson}.
 */
package dev.syncr.api;
