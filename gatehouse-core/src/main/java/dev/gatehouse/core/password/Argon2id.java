package dev.gatehouse.core.password;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id (RFC 9106, version 0x13) computed in a caller-supplied {@code long[]}.
 *
 * <p>A hash at the default cost fills 19 MiB. Libraries allocate that afresh for every hash, as
 * tens of thousands of small blocks; during a login flood the collector then copies the blocks of
 * the hashes in flight at every young collection, and every request waits through the pauses
 * (measured in docs/benchmarks.md, "What the last round of profiling changed"). Here the memory
 * is one array that the caller keeps and reuses ({@link Argon2idHasher} keeps one per hashing thread), so hashing makes no garbage.
 *
 * <p>The computation follows BouncyCastle's {@code Argon2BytesGenerator} step by step, method for
 * method: {@code initialHash} is its {@code initialize} (H0), {@code firstBlocks} its
 * {@code fillFirstBlocks}, {@code fillSegment} and {@code nextAddresses} its methods of the same
 * names (data-independent addressing in the first half of the first pass, the reference lane and
 * column), {@code compress} its {@code FillBlock.fillBlock} with {@code permute} and {@code mix}
 * as its {@code roundFunction} and {@code G}, and {@code variableHash} its {@code hash} (H').
 * Only the memory differs: offsets into one {@code long[]} instead of {@code Block} objects. Read
 * a change to one beside the other. Blake2b comes from BouncyCastle; the tests check this class
 * against BouncyCastle's Argon2 on random parameters and against the RFC's test vector.
 */
final class Argon2id {

    private static final int BLOCK_LONGS = 128;
    private static final int BLOCK_BYTES = 1024;
    private static final int SLICES = 4;
    private static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;

    private final long[] memory;
    private final int lanes;
    private final int laneLength;
    private final int segmentLength;
    private final int passes;
    private final int blockCount;
    private final long[] r = new long[BLOCK_LONGS];
    private final long[] z = new long[BLOCK_LONGS];
    private final long[] zero = new long[BLOCK_LONGS];
    private final long[] input = new long[BLOCK_LONGS];
    private final long[] address = new long[BLOCK_LONGS];

    private Argon2id(long[] memory, Argon2Cost cost) {
        this.lanes = cost.parallelism();
        this.passes = cost.iterations();
        this.segmentLength = cost.memoryKib() / (SLICES * lanes);
        this.laneLength = segmentLength * SLICES;
        this.blockCount = laneLength * lanes;
        this.memory = memory;
    }

    /** The length of the {@code long[]} a hash at {@code cost} needs. */
    static int memoryLongs(Argon2Cost cost) {
        int lanes = cost.parallelism();
        return cost.memoryKib() / (SLICES * lanes) * SLICES * lanes * BLOCK_LONGS;
    }

    /**
     * The tag of {@code password} with {@code salt}, using {@code memory} (at least
     * {@link #memoryLongs} long; its contents are overwritten and left behind).
     */
    static byte[] hash(byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                       Argon2Cost cost, int tagLength, long[] memory) {
        if (memory.length < memoryLongs(cost)) {
            throw new IllegalArgumentException("Argon2 memory too small for " + cost);
        }
        Argon2id argon = new Argon2id(memory, cost);
        byte[] h0 = initialHash(password, salt, secret, associatedData, cost, tagLength);
        argon.firstBlocks(h0);
        for (int pass = 0; pass < argon.passes; pass++) {
            for (int slice = 0; slice < SLICES; slice++) {
                for (int lane = 0; lane < argon.lanes; lane++) {
                    argon.fillSegment(pass, slice, lane);
                }
            }
        }
        return argon.tag(tagLength);
    }

    private static byte[] initialHash(byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                                      Argon2Cost cost, int tagLength) {
        Blake2bDigest h = new Blake2bDigest(512);
        for (int value : new int[] {cost.parallelism(), tagLength, cost.memoryKib(), cost.iterations(), VERSION, TYPE_ID}) {
            updateInt(h, value);
        }
        for (byte[] field : new byte[][] {password, salt, secret, associatedData}) {
            updateInt(h, field.length);
            h.update(field, 0, field.length);
        }
        byte[] out = new byte[64];
        h.doFinal(out, 0);
        return out;
    }

    /** B[lane][0] and B[lane][1] from H0. */
    private void firstBlocks(byte[] h0) {
        byte[] seed = new byte[h0.length + 8];
        System.arraycopy(h0, 0, seed, 0, h0.length);
        byte[] block = new byte[BLOCK_BYTES];
        for (int lane = 0; lane < lanes; lane++) {
            for (int column = 0; column < 2; column++) {
                putInt(seed, h0.length, column);
                putInt(seed, h0.length + 4, lane);
                variableHash(seed, block);
                int offset = (lane * laneLength + column) * BLOCK_LONGS;
                for (int i = 0; i < BLOCK_LONGS; i++) {
                    memory[offset + i] = getLong(block, i * 8);
                }
            }
        }
    }

    private void fillSegment(int pass, int slice, int lane) {
        boolean independent = pass == 0 && slice < SLICES / 2;
        int start = 0;
        if (independent) {
            Arrays.fill(input, 0L);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blockCount;
            input[4] = passes;
            input[5] = TYPE_ID;
        }
        if (pass == 0 && slice == 0) {
            start = 2;
            if (independent) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segmentLength + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int index = start; index < segmentLength; index++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (independent) {
                if (index % BLOCK_LONGS == 0) {
                    nextAddresses();
                }
                pseudoRandom = address[index % BLOCK_LONGS];
            } else {
                pseudoRandom = memory[previous * BLOCK_LONGS];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
            int refIndex = referenceIndex(pass, slice, index, pseudoRandom & 0xFFFFFFFFL, refLane == lane);
            int reference = refLane * laneLength + refIndex;
            compress(memory, previous * BLOCK_LONGS, memory, reference * BLOCK_LONGS,
                    memory, current * BLOCK_LONGS, pass > 0);
        }
    }

    /** RFC 9106 section 3.4.2: the block of the reference lane that {@code index} refers to. */
    private int referenceIndex(int pass, int slice, int index, long j1, boolean sameLane) {
        long areaSize;
        if (pass == 0) {
            if (slice == 0) {
                areaSize = index - 1;
            } else if (sameLane) {
                areaSize = (long) slice * segmentLength + index - 1;
            } else {
                areaSize = (long) slice * segmentLength + (index == 0 ? -1 : 0);
            }
        } else if (sameLane) {
            areaSize = laneLength - segmentLength + index - 1;
        } else {
            areaSize = laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long x = (j1 * j1) >>> 32;
        long relative = areaSize - 1 - ((areaSize * x) >>> 32);
        long startPosition = pass != 0 && slice != SLICES - 1 ? (long) (slice + 1) * segmentLength : 0;
        return (int) ((startPosition + relative) % laneLength);
    }

    private void nextAddresses() {
        input[6]++;
        compress(zero, 0, input, 0, address, 0, false);
        compress(zero, 0, address, 0, address, 0, false);
    }

    /** The compression function G: {@code out = G(x, y)}, or {@code out ^= G(x, y)} when {@code xor}. */
    private void compress(long[] xs, int x, long[] ys, int y, long[] out, int o, boolean xor) {
        long[] r = this.r;
        long[] z = this.z;
        for (int i = 0; i < BLOCK_LONGS; i++) {
            r[i] = xs[x + i] ^ ys[y + i];
        }
        System.arraycopy(r, 0, z, 0, BLOCK_LONGS);
        for (int row = 0; row < 8; row++) {
            int b = row * 16;
            permute(z, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7,
                    b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15);
        }
        for (int column = 0; column < 8; column++) {
            int b = column * 2;
            permute(z, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49,
                    b + 64, b + 65, b + 80, b + 81, b + 96, b + 97, b + 112, b + 113);
        }
        if (xor) {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                out[o + i] ^= z[i] ^ r[i];
            }
        } else {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                out[o + i] = z[i] ^ r[i];
            }
        }
    }

    private static void permute(long[] v, int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7,
                                int v8, int v9, int v10, int v11, int v12, int v13, int v14, int v15) {
        mix(v, v0, v4, v8, v12);
        mix(v, v1, v5, v9, v13);
        mix(v, v2, v6, v10, v14);
        mix(v, v3, v7, v11, v15);
        mix(v, v0, v5, v10, v15);
        mix(v, v1, v6, v11, v12);
        mix(v, v2, v7, v8, v13);
        mix(v, v3, v4, v9, v14);
    }

    /** Blake2b's G with the multiplications of Argon2 (BlaMka). */
    private static void mix(long[] v, int a, int b, int c, int d) {
        long va = v[a];
        long vb = v[b];
        long vc = v[c];
        long vd = v[d];
        va = va + vb + 2 * (va & 0xFFFFFFFFL) * (vb & 0xFFFFFFFFL);
        vd = Long.rotateRight(vd ^ va, 32);
        vc = vc + vd + 2 * (vc & 0xFFFFFFFFL) * (vd & 0xFFFFFFFFL);
        vb = Long.rotateRight(vb ^ vc, 24);
        va = va + vb + 2 * (va & 0xFFFFFFFFL) * (vb & 0xFFFFFFFFL);
        vd = Long.rotateRight(vd ^ va, 16);
        vc = vc + vd + 2 * (vc & 0xFFFFFFFFL) * (vd & 0xFFFFFFFFL);
        vb = Long.rotateRight(vb ^ vc, 63);
        v[a] = va;
        v[b] = vb;
        v[c] = vc;
        v[d] = vd;
    }

    /** H' over the XOR of every lane's last block. */
    private byte[] tag(int tagLength) {
        long[] last = new long[BLOCK_LONGS];
        for (int lane = 0; lane < lanes; lane++) {
            int offset = (lane * laneLength + laneLength - 1) * BLOCK_LONGS;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                last[i] ^= memory[offset + i];
            }
        }
        byte[] bytes = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_LONGS; i++) {
            putLong(bytes, i * 8, last[i]);
        }
        byte[] out = new byte[tagLength];
        variableHash(bytes, out);
        return out;
    }

    /** H'^T (RFC 9106 section 3.3), T = {@code out.length}. */
    private static void variableHash(byte[] in, byte[] out) {
        byte[] length = new byte[4];
        putInt(length, 0, out.length);
        if (out.length <= 64) {
            Blake2bDigest h = new Blake2bDigest(out.length * 8);
            h.update(length, 0, 4);
            h.update(in, 0, in.length);
            h.doFinal(out, 0);
            return;
        }
        // r 64-byte hashes chained, the first 32 bytes of each kept, then one of the remaining length.
        int r = (out.length + 31) / 32 - 2;
        byte[] v = new byte[64];
        Blake2bDigest h = new Blake2bDigest(512);
        h.update(length, 0, 4);
        h.update(in, 0, in.length);
        h.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        for (int i = 1; i < r; i++) {
            h.update(v, 0, 64);
            h.doFinal(v, 0);
            System.arraycopy(v, 0, out, 32 * i, 32);
        }
        Blake2bDigest last = new Blake2bDigest((out.length - 32 * r) * 8);
        last.update(v, 0, 64);
        last.doFinal(out, 32 * r);
    }

    private static void updateInt(Blake2bDigest h, int value) {
        byte[] bytes = new byte[4];
        putInt(bytes, 0, value);
        h.update(bytes, 0, 4);
    }

    private static void putInt(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void putLong(byte[] b, int at, long value) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private static long getLong(byte[] b, int at) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (b[at + i] & 0xFF);
        }
        return value;
    }
}
