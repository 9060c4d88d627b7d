//! Normalisation of names, phone numbers, addresses and ID numbers before two documents
//! are compared.
//!
//! Shop systems, payment providers and carriers type the same shopper's details in
//! different ways: full-width letters and digits from a Chinese input method (`１３８`),
//! the ideographic space U+3000, spaces inside names (`张 三`), and phone numbers
//! written as `+86 138-0013-8000`. The functions here map each form to one comparable
//! string. They do not decide whether customs would accept the raw text; the
//! three-document check reports a difference that only normalisation removes as a
//! warning (see [`crate::three_documents`]).
//!
//! Only the full-width ASCII block U+FF01–U+FF5E and U+3000 are mapped, which is the
//! part of Unicode NFKC that Chinese input methods produce in these fields; no Unicode
//! tables are pulled in.

/// Maps full-width ASCII forms (U+FF01–U+FF5E) to ASCII and the ideographic space
/// (U+3000) to a plain space; every other character is kept.
pub fn to_half_width(input: &str) -> String {
    input.chars().map(half_width_char).collect()
}

fn half_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => {
            // The block mirrors ASCII 0x21–0x7E at a fixed offset of 0xFEE0.
            char::from_u32(c as u32 - 0xFEE0).expect("U+FF01–U+FF5E map into ASCII")
        }
        '\u{3000}' => ' ',
        other => other,
    }
}

/// Returns `true` for characters that separate words but carry no meaning in a name,
/// phone number or address: Unicode white space plus the zero-width space and the byte
/// order mark, which copy and paste often carries along.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// Normalises a personal name: half-width forms, all white space removed, ASCII letters
/// upper-cased (so `Li Lei`, `LI LEI` and `ＬＩ　ＬＥＩ` compare equal).
pub fn name(input: &str) -> String {
    to_half_width(input)
        .chars()
        .filter(|c| !is_blank(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Normalises a mainland phone number: half-width forms, white space and dashes removed,
/// then a leading `+86` or `0086` country code removed.
///
/// Brackets, dots and extensions are kept, so `(010)` and `010` still differ.
pub fn phone(input: &str) -> String {
    let compact: String = to_half_width(input)
        .chars()
        .filter(|c| !is_blank(*c) && *c != '-')
        .collect();
    for prefix in ["+86", "0086"] {
        if let Some(rest) = compact.strip_prefix(prefix) {
            return rest.to_owned();
        }
    }
    compact
}

/// Normalises a postal address: half-width forms and all white space removed. Case and
/// punctuation are kept because they can be part of a building or room number.
pub fn address(input: &str) -> String {
    to_half_width(input)
        .chars()
        .filter(|c| !is_blank(*c))
        .collect()
}

/// Normalises an ID number: half-width forms, white space removed and a lower-case `x`
/// check digit upper-cased.
pub fn id_number(input: &str) -> String {
    to_half_width(input)
        .chars()
        .filter(|c| !is_blank(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_block_maps_to_ascii() {
        assert_eq!(to_half_width("！"), "!");
        assert_eq!(to_half_width("～"), "~");
        assert_eq!(to_half_width("ＡＢＣａｂｃ０１９"), "ABCabc019");
        assert_eq!(to_half_width("张\u{3000}三"), "张 三");
        // Characters just outside the block stay as they are.
        assert_eq!(to_half_width("\u{FF00}\u{FF5F}｡"), "\u{FF00}\u{FF5F}｡");
        assert_eq!(to_half_width("北京市"), "北京市");
    }

    #[test]
    fn every_full_width_character_maps_to_its_ascii_twin() {
        for ascii in 0x21u32..=0x7E {
            let wide = char::from_u32(ascii + 0xFEE0).unwrap();
            let expected = char::from_u32(ascii).unwrap().to_string();
            assert_eq!(
                to_half_width(&wide.to_string()),
                expected,
                "U+{:04X}",
                ascii + 0xFEE0
            );
        }
    }

    #[test]
    fn names_ignore_spaces_width_and_case() {
        assert_eq!(name("张 三"), "张三");
        assert_eq!(name("张\u{3000}三 "), "张三");
        assert_eq!(name("\u{FEFF}张三\u{200B}"), "张三");
        assert_eq!(name("Li Lei"), name("ＬＩ　ＬＥＩ"));
        assert_ne!(name("张三"), name("张山"));
    }

    #[test]
    fn phones_drop_country_code_spaces_and_dashes() {
        let expected = "13800138000";
        for input in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+86-13800138000",
            "0086 13800138000",
            "１３８００１３８０００",
            "＋８６　１３８００１３８０００",
        ] {
            assert_eq!(phone(input), expected, "input {input:?}");
        }
        assert_eq!(phone("010-6512 3456"), "01065123456");
        assert_ne!(phone("13800138000"), phone("13800138001"));
    }

    #[test]
    fn addresses_drop_spaces_only() {
        assert_eq!(
            address("北京市 朝阳区　建国路１号 ３-101室"),
            "北京市朝阳区建国路1号3-101室"
        );
        assert_ne!(address("A座"), address("a座"));
    }

    #[test]
    fn id_numbers_upper_case_the_check_digit() {
        assert_eq!(id_number("11010519491231002x"), "11010519491231002X");
        assert_eq!(id_number("110105 19491231 002X"), "11010519491231002X");
    }
}
