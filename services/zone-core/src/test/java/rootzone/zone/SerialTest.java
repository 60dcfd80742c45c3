package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SerialTest {

    private static final long MAX = 0xFFFF_FFFFL;

    @Test
    void ordersNearbySerials() {
        assertEquals(0, Serial.compare(2024010100L, 2024010100L));
        assertTrue(Serial.isNewer(2024010101L, 2024010100L));
        assertFalse(Serial.isNewer(2024010100L, 2024010101L));
        assertTrue(Serial.compare(1, 2) < 0);
    }

    @Test
    void wrapsAround() {
        // RFC 1982 §3.2: 0 follows 2^32 - 1, and 100 is newer than 2^32 - 100.
        assertTrue(Serial.isNewer(0, MAX));
        assertTrue(Serial.isNewer(100, MAX - 99));
        assertTrue(Serial.compare(MAX, 0) < 0);
        // just under half the space ahead is newer, just over is older
        assertTrue(Serial.isNewer((1L << 31) - 1, 0));
        assertTrue(Serial.compare((1L << 31) + 1, 0) < 0);
    }

    @Test
    void halfTheSpaceApartIsUndefined() {
        assertThrows(IllegalArgumentException.class, () -> Serial.compare(0, 1L << 31));
        assertThrows(IllegalArgumentException.class, () -> Serial.compare(5 + (1L << 31), 5));
    }

    @Test
    void additionWrapsAndIsBounded() {
        assertEquals(4, Serial.add(MAX - 5, 10));
        assertEquals(MAX, Serial.add(MAX, 0));
        assertTrue(Serial.isNewer(Serial.add(MAX - 5, 10), MAX - 5));
        assertThrows(IllegalArgumentException.class, () -> Serial.add(1, 1L << 31));
        assertThrows(IllegalArgumentException.class, () -> Serial.add(1, -1));
    }

    @Test
    void rejectsNon32BitValues() {
        assertThrows(IllegalArgumentException.class, () -> Serial.compare(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Serial.compare(0, 1L << 32));
    }
}
