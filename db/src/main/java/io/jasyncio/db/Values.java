package io.jasyncio.db;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * Conversions of column values to the Java type a caller asks for ({@link Row#get(String, Class)},
 * records). Lenient only where one database stores a type as another: SQLite keeps booleans as
 * integers and dates, times and UUIDs as text; every number converts to any numeric type that holds
 * it exactly.
 */
final class Values {

    private Values() {
    }

    /**
     * {@code value} as a {@code type}.
     *
     * @throws InterfaceError if it cannot be converted without loss
     */
    static <T> T convert(Object value, Class<T> type, String column) {
        Class<?> boxed = box(type);
        if (value == null) {
            if (type.isPrimitive()) {
                throw new InterfaceError("column " + column + " is NULL and cannot be a " + type.getName());
            }
            return null;
        }
        if (boxed.isInstance(value)) {
            @SuppressWarnings("unchecked")
            T t = (T) value;
            return t;
        }
        Object v = convertOrNull(value, boxed);
        if (v == null) {
            throw new InterfaceError("column " + column + " holds a " + value.getClass().getName() + " (" + value
                    + ") that is not a " + type.getName());
        }
        @SuppressWarnings("unchecked")
        T t = (T) v;
        return t;
    }

    private static Object convertOrNull(Object value, Class<?> type) {
        try {
            if (value instanceof Number n) {
                if (type == Boolean.class && (n instanceof Integer || n instanceof Long || n instanceof Short)) {
                    long l = n.longValue();
                    return l == 0 ? Boolean.FALSE : l == 1 ? Boolean.TRUE : null;
                }
                BigDecimal d = n instanceof BigDecimal b ? b
                        : n instanceof BigInteger b ? new BigDecimal(b)
                        : n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue())
                        : BigDecimal.valueOf(n.longValue());
                if (type == Long.class) {
                    return d.longValueExact();
                } else if (type == Integer.class) {
                    return d.intValueExact();
                } else if (type == Short.class) {
                    return d.shortValueExact();
                } else if (type == Byte.class) {
                    return d.byteValueExact();
                } else if (type == Double.class) {
                    return n.doubleValue();
                } else if (type == Float.class) {
                    return n.floatValue();
                } else if (type == BigDecimal.class) {
                    return d;
                } else if (type == BigInteger.class) {
                    return d.toBigIntegerExact();
                }
            } else if (value instanceof String s) {
                if (type == LocalDate.class) {
                    return LocalDate.parse(s);
                } else if (type == LocalDateTime.class) {
                    return LocalDateTime.parse(s.replace(' ', 'T'));
                } else if (type == LocalTime.class) {
                    return LocalTime.parse(s);
                } else if (type == OffsetDateTime.class) {
                    return OffsetDateTime.parse(s.replace(' ', 'T'));
                } else if (type == Instant.class) {
                    return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
                } else if (type == UUID.class) {
                    return UUID.fromString(s);
                } else if (type == BigDecimal.class) {
                    return new BigDecimal(s);
                }
            } else if (value instanceof OffsetDateTime o && type == Instant.class) {
                return o.toInstant();
            } else if (value instanceof Instant i && type == OffsetDateTime.class) {
                return i.atOffset(ZoneOffset.UTC);
            }
        } catch (ArithmeticException | java.time.format.DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
        if (type == String.class && (value instanceof Number || value instanceof UUID)) {
            return value.toString();
        }
        return null;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return MethodType.methodType(type).wrap().returnType();
    }

    // ------------------------------------------------------------------------------------------
    // Rows to records

    /** A record class's canonical constructor and the column each component reads. */
    record RecordShape(MethodHandle constructor, RecordComponent[] components, String[] snakeNames) {
    }

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            RecordComponent[] comps = type.getRecordComponents();
            if (comps == null) {
                throw new InterfaceError(type.getName() + " is not a record class");
            }
            Class<?>[] types = new Class<?>[comps.length];
            String[] snake = new String[comps.length];
            for (int i = 0; i < comps.length; i++) {
                types[i] = comps[i].getType();
                snake[i] = snakeCase(comps[i].getName());
            }
            try {
                var lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                MethodHandle ctor = lookup.findConstructor(type, MethodType.methodType(void.class, types));
                return new RecordShape(ctor.asSpreader(Object[].class, comps.length), comps, snake);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new InterfaceError("cannot construct record " + type.getName() + ": " + e);
            }
        }
    };

    /** The row as a {@code type}: each component takes the column of its name (or its snake_case name). */
    static <R extends Record> R toRecord(Row row, Class<R> type) {
        RecordShape shape = SHAPES.get(type);
        RecordComponent[] comps = shape.components();
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            int col = row.columns().indexOf(comps[i].getName());
            if (col < 0) {
                col = row.columns().indexOf(shape.snakeNames()[i]);
            }
            if (col < 0) {
                throw new InterfaceError("record " + type.getSimpleName() + " needs a column " + comps[i].getName()
                        + " (or " + shape.snakeNames()[i] + "); the row has " + row.columns().names());
            }
            args[i] = convert(row.get(col), comps[i].getType(), row.columns().name(col));
        }
        try {
            return type.cast(shape.constructor().invoke(args));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new InterfaceError("record " + type.getName() + " rejected the row: " + e);
        }
    }

    static String snakeCase(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
