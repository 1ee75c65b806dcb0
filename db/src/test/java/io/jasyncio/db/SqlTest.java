package io.jasyncio.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlTest {

    private static Sql pg(String sql) {
        return Sql.translate(sql, true);
    }

    private static Sql lite(String sql) {
        return Sql.translate(sql, false);
    }

    @Test
    void numberedParametersBecomeQuestionMarksInOrderOfAppearance() {
        Sql t = pg("SELECT * FROM t WHERE a = $2 AND b = $1 OR c = $2");
        assertEquals("SELECT * FROM t WHERE a = ? AND b = ? OR c = ?", t.jdbcSql());
        assertArrayEquals(new int[] {1, 0, 1}, t.order());
        assertEquals(2, t.arity());
    }

    @Test
    void castsAndMultiDigitNumbersAreKept() {
        Sql t = pg("SELECT $1::int + $10::bigint");
        assertEquals("SELECT ?::int + ?::bigint", t.jdbcSql());
        assertArrayEquals(new int[] {0, 9}, t.order());
        assertEquals(10, t.arity());
    }

    @Test
    void nothingInsideLiteralsIdentifiersOrCommentsIsAParameter() {
        String sql = "SELECT '$1 ?', \"col$1\", E'it\\'s $2', $$ $3 ? $$, $tag$ $4 $tag$ -- $5 ?\n"
                + "/* $6 /* nested $7 */ ? */ FROM t WHERE x = $1";
        Sql t = pg(sql);
        assertEquals(sql.substring(0, sql.lastIndexOf("$1")) + "?", t.jdbcSql());
        assertArrayEquals(new int[] {0}, t.order());
        assertEquals(1, t.arity());
    }

    @Test
    void doubledQuotesStayInsideTheLiteral() {
        Sql t = pg("SELECT 'it''s $1', $1");
        assertEquals("SELECT 'it''s $1', ?", t.jdbcSql());
    }

    @Test
    void identifiersMayContainDollarSigns() {
        Sql t = pg("SELECT a$1 FROM t$2 WHERE x = $1");
        assertEquals("SELECT a$1 FROM t$2 WHERE x = ?", t.jdbcSql());
        assertEquals(1, t.arity());
    }

    @Test
    void aBareQuestionMarkIsEscapedForPgjdbc() {
        Sql t = pg("SELECT data ? 'key', data ?| $1 FROM docs");
        assertEquals("SELECT data ?? 'key', data ??| ? FROM docs", t.jdbcSql());
    }

    @Test
    void sqliteKeepsItsOwnNumberedParameters() {
        Sql t = lite("SELECT * FROM t WHERE a = $2 AND b = $1 AND s = '$3' AND [x$1] = `$4`");
        assertEquals("SELECT * FROM t WHERE a = ?2 AND b = ?1 AND s = '$3' AND [x$1] = `$4`", t.jdbcSql());
        assertArrayEquals(new int[] {0, 1}, t.order());
        assertEquals(2, t.arity());
    }

    @Test
    void unclosedLiteralsAndDollarZeroAreErrorsThatSayWhere() {
        assertTrue(assertThrows(InterfaceError.class, () -> pg("SELECT 'abc")).getMessage().contains("string literal at offset 7"));
        assertTrue(assertThrows(InterfaceError.class, () -> pg("SELECT $x$ abc")).getMessage().contains("dollar-quoted"));
        assertTrue(assertThrows(InterfaceError.class, () -> pg("SELECT /* abc")).getMessage().contains("comment"));
        assertTrue(assertThrows(InterfaceError.class, () -> pg("SELECT $0")).getMessage().contains("$0"));
    }

    @Test
    void arityIsCheckedWithAsyncpgsMessage() {
        InterfaceError e = assertThrows(InterfaceError.class, () -> pg("SELECT $1, $2").checkArity(1));
        assertEquals("the server expects 2 arguments for this query, 1 was passed", e.getMessage());
    }

    @Test
    void translationsAreCached() {
        assertTrue(Sql.of("SELECT $1", true) == Sql.of("SELECT $1", true));
    }
}
