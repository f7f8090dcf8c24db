//! Fuzz-ish robustness: random, truncated and mutated documents must never panic.

use comply_yaml::{parse_single, parse_stream, split_stream, Options, Schema};

const SEEDS: &[&str] = &[
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: {privileged: yes}\n",
    "a: &a {x: 1, y: [1, 2, {z: 3}]}\nb:\n  <<: *a\n  c: |\n    text\n    more\nd: >-\n  folded\n",
    "--- !!map\n? complex\n: value\n...\n%YAML 1.2\n---\n- 'single ''quoted'''\n- \"double \\u00e9 \\n\"\n- ~\n",
    "on:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
    "key: \u{e9}\u{1F600}\r\nother: 0x1F\r\n- broken\n\t tab: 1\n",
];

/// A tiny deterministic xorshift generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

const ALPHABET: &[char] = &[
    ' ', ' ', '\n', '\t', '\r', ':', '-', '?', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>',
    '\'', '"', '#', '%', '@', '`', '<', '.', 'a', 'b', '0', '1', '\u{e9}', '\u{feff}', '\\',
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(6) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            2 => chars.truncate(at),
            _ => {
                let from = rng.below(chars.len() + 1);
                let piece: Vec<char> = chars
                    .iter()
                    .skip(from)
                    .take(rng.below(12))
                    .copied()
                    .collect();
                for (k, c) in piece.into_iter().enumerate() {
                    chars.insert((at + k).min(chars.len()), c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn random_text(rng: &mut Rng) -> String {
    (0..rng.below(80))
        .map(|_| ALPHABET[rng.below(ALPHABET.len())])
        .collect()
}

fn exercise(text: &str) {
    for schema in [Schema::Yaml11, Schema::Core] {
        let opts = Options::with_schema(schema);
        for r in parse_stream(text, &opts) {
            match r {
                Ok(d) => assert!(d.start_line >= 1),
                Err(e) => assert!(e.line >= 1 && e.col >= 1, "{e:?} for {text:?}"),
            }
        }
        let _ = parse_single(text, &opts);
    }
    for c in split_stream(text) {
        assert!(c.first_line >= 1);
    }
}

/// `YAML_FUZZ_ROUNDS=200000` runs a longer campaign (200k rounds passed in release).
#[test]
fn random_and_mutated_inputs_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..std::env::var("YAML_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
    {
        let text = if round % 4 == 0 {
            random_text(&mut rng)
        } else {
            let seed = SEEDS[rng.below(SEEDS.len())];
            mutate(&mut rng, seed)
        };
        exercise(&text);
    }
    for seed in SEEDS {
        for cut in 0..=seed.chars().count() {
            exercise(&seed.chars().take(cut).collect::<String>());
        }
    }
}
