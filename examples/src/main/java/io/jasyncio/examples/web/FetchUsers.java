package io.jasyncio.examples.web;

import io.jasyncio.Coroutine;
import io.jasyncio.examples.tour.Demo;
import io.jasyncio.examples.tour.Section;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.server.App;
import io.jasyncio.http.server.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;

/**
 * Seed 003's {@code fetch_all_users} for real: an HTTP {@link ClientSession}, five requests under
 * {@code gather}, against a local server (the project's) that the example starts and whose
 * {@code /users/{id}} takes one second per user:
 *
 * <pre>{@code
 * async def fetch_user(session: aiohttp.ClientSession, user_id: int) -> dict:
 *     async with session.get(f'https://api.example.com/users/{user_id}') as resp:
 *         return await resp.json()
 *
 * async def fetch_all_users(user_ids: list[int]) -> list[dict]:
 *     async with aiohttp.ClientSession() as session:
 *         tasks = [fetch_user(session, uid) for uid in user_ids]
 *         return await asyncio.gather(*tasks)  # run concurrently
 *
 * users = asyncio.run(fetch_all_users([1, 2, 3, 4, 5]))
 * }</pre>
 *
 * Five users at one second each take about one second, not five: the requests wait at the same time, over
 * five pooled connections.
 */
public final class FetchUsers {

    /** A user, as the server sends it and {@code resp.json(User.class)} reads it. @param id the id @param name the name */
    public record User(int id, String name) {
    }

    private FetchUsers() {
    }

    /** @return this example's stop of the tour */
    public static List<Section> sections() {
        return List.of(Section.of("fetch-users",
                "async/await: fetch_all_users, five HTTP requests under gather (aiohttp ClientSession, local server)",
                FetchUsers::demo));
    }

    /** @param args {@code --fast}, {@code --list}, {@code --only NAME}, as the tour */
    public static void main(String[] args) {
        Demo.launch("FetchUsers", sections(), args);
    }

    /** {@code async def fetch_user(session, user_id)}. */
    static User fetchUser(ClientSession session, String base, int userId) throws IOException {
        try (var resp = session.get(base + "/users/" + userId)) {      // async with session.get(...) as resp:
            resp.raiseForStatus();
            return resp.json(User.class);                             //     return await resp.json()
        }
    }

    /** {@code async def fetch_all_users(user_ids)}. */
    static List<User> fetchAllUsers(String base, List<Integer> userIds) {
        try (var session = ClientSession.create()) {                    // async with aiohttp.ClientSession() as session:
            List<Coroutine<User>> tasks = userIds.stream()
                    .<Coroutine<User>>map(uid -> () -> fetchUser(session, base, uid))
                    .toList();                                          //     tasks = [fetch_user(session, uid) for ...]
            return gather(tasks);                                       //     return await asyncio.gather(*tasks)
        }
    }

    /** A local API whose {@code GET /users/{id}} takes one second. */
    static App usersApi() {
        App app = new App();
        app.get("/users/{id}", req -> {
            sleep(1);                                                   // a slow backend
            int id = req.pathParamInt("id");
            return new User(id, "user" + id);
        });
        return app;
    }

    /**
     * Starts the API on a free port, fetches five users twice (the first time includes loading the HTTP
     * classes), prints them and the times. Call it from a task.
     *
     * @param out where to print
     * @throws IOException if the local server cannot listen
     */
    static void demo(PrintStream out) throws IOException {
        HttpServer server = HttpServer.start(usersApi(), "127.0.0.1", 0);
        try {
            String base = "http://127.0.0.1:" + server.port();
            for (String run : List.of("first run (the JVM loads and compiles the HTTP stack)", "second run")) {
                double t0 = getRunningLoop().time();
                List<User> users = fetchAllUsers(base, List.of(1, 2, 3, 4, 5));   // asyncio.run(fetch_all_users([1..5]))
                double took = getRunningLoop().time() - t0;
                out.println("  " + users);
                out.printf("%s: %d users in %.2f s (each takes 1 s on the server; one after another: 5 s)%n",
                        run, users.size(), took);
            }
        } finally {
            server.shutdown();
        }
    }
}
