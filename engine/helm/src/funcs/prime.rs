//! Random RSA primes, fast: the search behind `genPrivateKey`, `genCA` and the other
//! certificate functions.
//!
//! Generating a 2048-bit key is the costliest thing a chart can ask of a render (charts such as
//! Harbor generate a dozen), and nearly all of that cost is the Miller-Rabin exponentiations that
//! reject composite candidates. This module keeps that work small: candidates come from a sieve
//! of the odd primes below 2^16 over a window of consecutive odd numbers, composites are rejected
//! by one strong base-2 test (whose multiplications by the base are modular doublings), and the
//! modular arithmetic is fixed-width Montgomery multiplication on stack arrays of `N` 64-bit limbs,
//! without allocation. A candidate that passes base 2 gets [`EXTRA_ROUNDS`] more rounds with
//! random bases. Randomness comes from the caller's seeded generator, so results are reproducible.

use num_bigint::BigUint;

use super::Rng;

/// Miller-Rabin rounds with random bases after the base-2 round (FIPS 186-5 table B.1 asks for
/// 4 or fewer for 1024-bit primes after trial division).
pub(crate) const EXTRA_ROUNDS: usize = 4;

/// Odd candidates examined per sieve window (the expected gap between 1024-bit primes is about
/// 710, so a window almost always holds several).
const WINDOW: usize = 8192;

/// Odd primes below 2^16 and, for trial division by groups, products of consecutive ones that
/// fit in 64 bits.
struct SmallPrimes {
    primes: Vec<u32>,
    /// (product, first index, count) of each group of `primes`.
    groups: Vec<(u64, usize, usize)>,
}

fn small_primes() -> &'static SmallPrimes {
    static P: std::sync::OnceLock<SmallPrimes> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        const B: usize = 1 << 16;
        let mut composite = vec![false; B];
        let mut primes = Vec::new();
        for i in 2..B {
            if composite[i] {
                continue;
            }
            if i > 2 {
                primes.push(i as u32);
            }
            let mut k = i * i;
            while k < B {
                composite[k] = true;
                k += i;
            }
        }
        let mut groups = Vec::new();
        let mut i = 0;
        while i < primes.len() {
            let (mut prod, start) = (1u64, i);
            while i < primes.len() {
                match prod.checked_mul(u64::from(primes[i])) {
                    Some(p) => {
                        prod = p;
                        i += 1;
                    }
                    None => break,
                }
            }
            groups.push((prod, start, i - start));
        }
        SmallPrimes { primes, groups }
    })
}

/// `x mod m` for a little-endian limb number.
fn rem_u64(x: &[u64], m: u64) -> u64 {
    let mut r: u128 = 0;
    for &l in x.iter().rev() {
        r = ((r << 64) | u128::from(l)) % u128::from(m);
    }
    r as u64
}

/// Montgomery arithmetic modulo an odd `n` of exactly `N` limbs.
struct Mont<const N: usize> {
    n: [u64; N],
    /// -n^-1 mod 2^64.
    n0inv: u64,
    /// R mod n (the Montgomery form of 1), R = 2^(64N).
    one: [u64; N],
    /// n - (R mod n) (the Montgomery form of n - 1).
    minus_one: [u64; N],
    /// R^2 mod n.
    r2: [u64; N],
}

fn ge<const N: usize>(a: &[u64; N], b: &[u64; N]) -> bool {
    for i in (0..N).rev() {
        if a[i] != b[i] {
            return a[i] > b[i];
        }
    }
    true
}

/// a - b, returning the borrow.
fn sub_in_place<const N: usize>(a: &mut [u64; N], b: &[u64; N]) -> bool {
    let mut borrow = false;
    for i in 0..N {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(u64::from(borrow));
        a[i] = d;
        borrow = b1 || b2;
    }
    borrow
}

impl<const N: usize> Mont<N> {
    /// Arithmetic modulo `n`; `n` must be odd with its top limb's high bit set.
    fn new(n: [u64; N]) -> Self {
        // Newton iteration for n[0]^-1 mod 2^64.
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(n[0].wrapping_mul(inv)));
        }
        // n > R/2, so R mod n = R - n, which is (0 - n) in N limbs.
        let mut one = [0u64; N];
        sub_in_place(&mut one, &n);
        let mut minus_one = n;
        sub_in_place(&mut minus_one, &one);
        let mut m = Self {
            n,
            n0inv: inv.wrapping_neg(),
            one,
            minus_one,
            r2: [0; N],
        };
        // R^2 mod n = (R mod n) doubled 64N times.
        let mut r2 = one;
        for _ in 0..64 * N {
            r2 = m.double(&r2);
        }
        m.r2 = r2;
        m
    }

    /// 2a mod n, for a < n.
    fn double(&self, a: &[u64; N]) -> [u64; N] {
        let mut out = [0u64; N];
        let mut carry = 0u64;
        for i in 0..N {
            out[i] = (a[i] << 1) | carry;
            carry = a[i] >> 63;
        }
        if carry == 1 || ge(&out, &self.n) {
            sub_in_place(&mut out, &self.n);
        }
        out
    }

    /// a * b * R^-1 mod n (coarsely integrated operand scanning, with the multiplication by
    /// `b[i]` and the reduction by `m * n` in one pass: two independent carry chains, which
    /// keeps the multiplier busy).
    fn mul(&self, a: &[u64; N], b: &[u64; N]) -> [u64; N] {
        let mut t = [0u64; N];
        let mut t_hi = 0u64; // limb N of the accumulator (0 or 1)
        for &bi in b {
            let s = u128::from(t[0]) + u128::from(a[0]) * u128::from(bi);
            let m = (s as u64).wrapping_mul(self.n0inv);
            let mut c1 = (s >> 64) as u64;
            let s2 = u128::from(s as u64) + u128::from(m) * u128::from(self.n[0]);
            let mut c2 = (s2 >> 64) as u64; // the low limb is zero by the choice of m
            for j in 1..N {
                let s = u128::from(t[j]) + u128::from(a[j]) * u128::from(bi) + u128::from(c1);
                c1 = (s >> 64) as u64;
                let s2 =
                    u128::from(s as u64) + u128::from(m) * u128::from(self.n[j]) + u128::from(c2);
                c2 = (s2 >> 64) as u64;
                t[j - 1] = s2 as u64;
            }
            let s = u128::from(t_hi) + u128::from(c1) + u128::from(c2);
            t[N - 1] = s as u64;
            t_hi = (s >> 64) as u64;
        }
        if t_hi != 0 || ge(&t, &self.n) {
            sub_in_place(&mut t, &self.n);
        }
        t
    }

    /// The Montgomery form of a (a < n).
    fn to_mont(&self, a: &[u64; N]) -> [u64; N] {
        self.mul(a, &self.r2)
    }

    /// Strong probable-prime test to the base whose Montgomery form `base_m` is given (`None`:
    /// base 2), with n - 1 = d * 2^s.
    fn strong_test(&self, base_m: Option<&[u64; N]>, d: &[u64; N], s: u32) -> bool {
        let top = (0..64 * N).rev().find(|&i| d[i / 64] >> (i % 64) & 1 == 1);
        let Some(top) = top else {
            return false;
        };
        let mut x = self.one;
        match base_m {
            None => {
                for i in (0..=top).rev() {
                    x = self.mul(&x, &x);
                    if d[i / 64] >> (i % 64) & 1 == 1 {
                        x = self.double(&x);
                    }
                }
            }
            Some(b) => {
                // 4-bit fixed window.
                let mut table = [self.one; 16];
                for k in 1..16 {
                    table[k] = self.mul(&table[k - 1], b);
                }
                let nibbles = top / 4 + 1;
                for w in (0..nibbles).rev() {
                    for _ in 0..4 {
                        x = self.mul(&x, &x);
                    }
                    let bit = w * 4;
                    let nib = (d[bit / 64] >> (bit % 64)) & 0xF;
                    if nib != 0 {
                        x = self.mul(&x, &table[nib as usize]);
                    }
                }
            }
        }
        if x == self.one || x == self.minus_one {
            return true;
        }
        for _ in 1..s {
            x = self.mul(&x, &x);
            if x == self.minus_one {
                return true;
            }
            if x == self.one {
                return false;
            }
        }
        false
    }
}

/// Miller-Rabin on an `N`-limb odd `n` with its high bit set: base 2, then `extra` random bases.
fn probably_prime<const N: usize>(n: &[u64; N], rng: &mut Rng, extra: usize) -> bool {
    let m = Mont::new(*n);
    let mut d = *n;
    d[0] &= !1;
    let mut s = 0u32;
    while d.iter().all(|&l| l & 1 == 0) {
        // Shift right by one.
        for i in 0..N {
            d[i] = (d[i] >> 1) | if i + 1 < N { d[i + 1] << 63 } else { 0 };
        }
        s += 1;
        if s > 64 * N as u32 {
            return false;
        }
    }
    if !m.strong_test(None, &d, s) {
        return false;
    }
    for _ in 0..extra {
        // A base in [2, n-2]: random limbs reduced below n (the high limb is kept smaller).
        let mut a = [0u64; N];
        for l in a.iter_mut() {
            *l = rng.next_u64();
        }
        a[N - 1] &= n[N - 1] >> 1;
        if a.iter().all(|&l| l == 0) || (a[0] < 2 && a[1..].iter().all(|&l| l == 0)) {
            a[0] = 3;
        }
        if !m.strong_test(Some(&m.to_mont(&a)), &d, s) {
            return false;
        }
    }
    true
}

/// A random prime of exactly `64 * N` bits with its two top bits set (so that the product of two
/// has exactly `128 * N` bits) and p mod e != 1 (so that e is invertible modulo p - 1).
pub(crate) fn random_prime<const N: usize>(rng: &mut Rng, e: u32) -> BigUint {
    let sp = small_primes();
    let mut residues = vec![0u32; sp.primes.len()];
    let mut composite = vec![false; WINDOW];
    loop {
        let mut start = [0u64; N];
        for l in start.iter_mut() {
            *l = rng.next_u64();
        }
        start[N - 1] |= 0xC000_0000_0000_0000;
        start[0] |= 1;
        // Keep start + 2 * WINDOW within N limbs and the top bits.
        if start[N - 1] == u64::MAX {
            continue;
        }
        for &(prod, first, count) in &sp.groups {
            let r = rem_u64(&start, prod);
            for k in first..first + count {
                residues[k] = (r % u64::from(sp.primes[k])) as u32;
            }
        }
        composite.iter_mut().for_each(|c| *c = false);
        for (&q, &r) in sp.primes.iter().zip(&residues) {
            // start + 2i ≡ 0 (mod q)  ⇔  i ≡ (q - r) * 2^-1 (mod q).
            let q64 = u64::from(q);
            let half = (q64 + 1) / 2;
            let mut i = (((q64 - u64::from(r)) % q64) * half % q64) as usize;
            while i < WINDOW {
                // start + 2i == q itself cannot happen: start exceeds 2^63.
                composite[i] = true;
                i += q as usize;
            }
        }
        let e_res = rem_u64(&start, u64::from(e));
        for (i, &c) in composite.iter().enumerate() {
            if c || (e_res + 2 * i as u64) % u64::from(e) == 1 {
                continue;
            }
            let mut cand = start;
            let mut carry = 2 * i as u64;
            for l in cand.iter_mut() {
                let (v, o) = l.overflowing_add(carry);
                *l = v;
                carry = u64::from(o);
                if carry == 0 {
                    break;
                }
            }
            if probably_prime(&cand, rng, EXTRA_ROUNDS) {
                let digits: Vec<u32> = cand
                    .iter()
                    .flat_map(|&l| [l as u32, (l >> 32) as u32])
                    .collect();
                return BigUint::from_slice(&digits);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big<const N: usize>(x: &[u64; N]) -> BigUint {
        let digits: Vec<u32> = x
            .iter()
            .flat_map(|&l| [l as u32, (l >> 32) as u32])
            .collect();
        BigUint::from_slice(&digits)
    }

    fn limbs<const N: usize>(x: &BigUint) -> [u64; N] {
        let mut out = [0u64; N];
        for (o, d) in out.iter_mut().zip(x.iter_u64_digits()) {
            *o = d;
        }
        out
    }

    #[test]
    fn montgomery_matches_bigint() {
        let mut rng = Rng::new(7);
        for _ in 0..20 {
            let mut n = [0u64; 4];
            n.iter_mut().for_each(|l| *l = rng.next_u64());
            n[3] |= 1 << 63;
            n[0] |= 1;
            let m = Mont::new(n);
            let nb = big(&n);
            let r = BigUint::from(1u32) << 256;
            let mut a = [0u64; 4];
            let mut b = [0u64; 4];
            a.iter_mut().for_each(|l| *l = rng.next_u64());
            b.iter_mut().for_each(|l| *l = rng.next_u64());
            a[3] >>= 1;
            b[3] >>= 1;
            let am = m.to_mont(&a);
            let bm = m.to_mont(&b);
            // From Montgomery form: multiply by 1.
            let mut unit = [0u64; 4];
            unit[0] = 1;
            let prod = m.mul(&m.mul(&am, &bm), &unit);
            assert_eq!(big(&prod), big(&a) * big(&b) % &nb);
            assert_eq!(big(&m.one), &r % &nb);
            assert_eq!(big(&m.r2), (&r * &r) % &nb);
            assert_eq!(big(&m.double(&am)), (big(&am) * 2u32) % &nb);
            let top = [u64::MAX >> 1; 4];
            let topm = m.to_mont(&top);
            let sq = m.mul(&m.mul(&topm, &topm), &unit);
            assert_eq!(big(&sq), big(&top) * big(&top) % &nb);
        }
    }

    #[test]
    fn known_primes_and_composites() {
        let mut rng = Rng::new(1);
        // 2^128 - 159 is prime, 2^128 - 1 is not.
        assert!(probably_prime(&[u64::MAX - 158, u64::MAX], &mut rng, 4));
        assert!(!probably_prime(&[u64::MAX, u64::MAX], &mut rng, 4));
        // A product of two 64-bit primes.
        let p = BigUint::from(18_446_744_073_709_551_557u64); // largest 64-bit prime
        let q = BigUint::from(18_446_744_073_709_551_533u64); // the prime below it
        let n = &p * &q;
        let nl: [u64; 2] = limbs(&n);
        assert!(!probably_prime(&nl, &mut rng, 4));
    }

    #[test]
    fn random_primes_have_the_requested_shape() {
        let mut rng = Rng::new(3);
        for _ in 0..3 {
            let p = random_prime::<4>(&mut rng, 65_537);
            assert_eq!(p.bits(), 256);
            assert!(p.bit(254));
            assert_ne!(&p % 65_537u32, BigUint::from(1u32));
            // Fermat check with num-bigint, independent of the Montgomery code.
            for a in [3u32, 5, 7, 11] {
                assert_eq!(
                    BigUint::from(a).modpow(&(&p - 1u32), &p),
                    BigUint::from(1u32)
                );
            }
        }
    }
}
