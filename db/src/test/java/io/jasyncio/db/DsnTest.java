package io.jasyncio.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DsnTest {

    @Test
    void postgresUrlGivesJdbcUrlAndProperties() {
        Dsn d = Dsn.parse("postgresql://app:p%40ss%3Aword@127.0.0.1:5433/shop?sslmode=disable&connectTimeout=3");
        assertTrue(d.postgres());
        assertEquals("jdbc:postgresql://127.0.0.1:5433/shop", d.jdbcUrl());
        assertEquals("app", d.properties().getProperty("user"));
        assertEquals("p@ss:word", d.properties().getProperty("password"));
        assertEquals("disable", d.properties().getProperty("sslmode"));
        assertEquals("3", d.properties().getProperty("connectTimeout"));
        assertEquals("unspecified", d.properties().getProperty("stringtype"));
        assertFalse(d.toString().contains("word"), d.toString());
    }

    @Test
    void postgresDefaults() {
        Dsn d = Dsn.parse("postgres://bob@db.example");
        assertEquals("jdbc:postgresql://db.example:5432/bob", d.jdbcUrl());
    }

    @Test
    void sqliteForms() {
        assertEquals("jdbc:sqlite:app.db", Dsn.parse("sqlite:app.db").jdbcUrl());
        assertEquals("jdbc:sqlite:/var/data/app.db", Dsn.parse("sqlite:///var/data/app.db").jdbcUrl());
        Dsn mem = Dsn.parse("sqlite::memory:");
        assertTrue(mem.memory());
        assertEquals("jdbc:sqlite::memory:", mem.jdbcUrl());
        assertTrue(mem.forPool().jdbcUrl().contains("mode=memory&cache=shared"));
        assertNotEquals(mem.forPool().jdbcUrl(), mem.forPool().jdbcUrl());
    }

    @Test
    void unknownSchemesAreRefusedWithoutThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dsn.parse("mysql://root:hunter2@localhost/db"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("postgresql://"), e.getMessage());
    }
}
