package dev.go4j.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A started {@link RedisServer} and the Lettuce clients of one test: each {@link #connect()} is a new
 * client (a separate "instance" of a service), reconnecting every 50 ms after a restart. Closing
 * shuts every client, their threads and the server down.
 */
final class TestRedis implements AutoCloseable {
    final RedisServer server;
    private final ClientResources resources;
    private final List<RedisClient> clients = new ArrayList<>();
    private RedisCommands<String, String> admin;

    private TestRedis(RedisServer server) {
        this.server = server;
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.constant(Duration.ofMillis(50)))
                .build();
    }

    static TestRedis start() throws IOException, InterruptedException {
        return new TestRedis(RedisServer.start());
    }

    /** A connection from a client of its own. */
    StatefulRedisConnection<String, String> connect() {
        RedisClient client = RedisClient.create(resources, server.uri());
        clients.add(client);
        return client.connect();
    }

    /** Synchronous commands for the test's own inspection (GET, PTTL, SCRIPT FLUSH...). */
    RedisCommands<String, String> admin() {
        if (admin == null) {
            admin = connect().sync();
        }
        return admin;
    }

    @Override
    public void close() throws Exception {
        try {
            for (RedisClient c : clients) {
                c.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            }
            resources.shutdown(0, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }
}
