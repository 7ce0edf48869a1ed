//! Every screen and overlay renders at every terminal size from 1x1 to 300x100 without a
//! panic, and below the minimum says so instead of drawing.

use proptest::prelude::*;
use quarterdeck::testing::Harness;

/// Key sequences that reach each screen and overlay from the demo.
const SCREENS: [&str; 11] = ["1", "2", "3", "4", "5", "5?", "5,", "<Esc>", "<Esc>t", "<Esc>d", "<Esc>n"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_screen_renders_at_any_size(width in 1u16..=300, height in 1u16..=100, screen in 0usize..SCREENS.len()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), 100, 30);
        h.press(SCREENS[screen]);
        h.press("jjjjG");
        h.resize(width, height);
        let text = h.screen();
        if width < quarterdeck::ui::MIN_WIDTH || height < quarterdeck::ui::MIN_HEIGHT {
            let compact: String = text.split_whitespace().collect();
            prop_assert!(compact.starts_with("terminaltoosmall") || "terminaltoosmall".starts_with(compact.as_str()), "{}x{}: {}", width, height, compact);
        }
    }
}

#[test]
fn extreme_sizes_render() {
    for (w, h) in [(1, 1), (1, 100), (300, 1), (300, 100), (60, 15), (59, 15), (60, 14)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut harness = Harness::demo(dir.path(), 100, 30);
        for keys in SCREENS {
            harness.press(keys);
            harness.resize(w, h);
        }
        let small = w < 60 || h < 15;
        let joined: String = harness.screen().split_whitespace().collect();
        let says_small = joined.contains("terminaltoosmall") || (w * h < 40 && "terminaltoosmall".starts_with(joined.as_str()));
        assert_eq!(says_small, small, "{w}x{h}:\n{}", harness.screen());
    }
}
