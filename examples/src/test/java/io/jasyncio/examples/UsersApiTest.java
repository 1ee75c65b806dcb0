package io.jasyncio.examples;

import io.jasyncio.examples.web.UsersApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link UsersApi}'s demo over real sockets on 127.0.0.1: the same transcript every time. */
@Timeout(60)
class UsersApiTest {

    @Test
    void theDemoPrintsTheSameTranscriptEveryTime() {
        Capture.realTime(UsersApi::demo).assertLines(
                "startup: 2 users loaded",
                "middleware: GET /users/1 -> 200",
                "GET /users/1 -> 200 {\"id\":1,\"name\":\"ada\"}",
                "middleware: POST /users -> 201",
                "POST /users -> 201 {\"id\":3,\"name\":\"linus\"}",
                "middleware: GET /users?limit=5 -> 200",
                "GET /users?limit=5 -> 200 [{\"id\":1,\"name\":\"ada\"},{\"id\":2,\"name\":\"grace\"},{\"id\":3,\"name\":\"linus\"}]",
                "middleware: GET /users/42 -> 404",
                "GET /users/42 -> 404 {\"detail\":\"no user 42\"}",
                "middleware: GET /users/abc -> 422",
                "GET /users/abc -> 422 {\"detail\":\"path parameter user_id must be an integer, got abc\"}",
                "middleware: POST /users -> 422",
                "POST /users -> 422 {\"detail\":\"invalid JSON ...\"} (and where the parser stopped)",
                "shutdown: bye");
    }
}
