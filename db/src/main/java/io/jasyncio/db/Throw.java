package io.jasyncio.db;

/** Rethrows any throwable unchanged (checked ones included), as the core's awaits do. */
final class Throw {

    private Throw() {
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
