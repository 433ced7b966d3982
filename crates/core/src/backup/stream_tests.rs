//! Tests of a backup as a stream: written in pieces (page by page, header
//! last) it equals the whole file; read as bytes, a file that is not UTF-8
//! is refused with the offset of its first bad byte, wherever the chunks
//! split it.

use proptest::prelude::*;

use super::*;
use crate::model::Customer;

fn customer(n: u8, first: &str) -> Customer {
    let mut c = Customer::new(
        Id::v7(1_700_000_000_000 + u64::from(n), [n; 10]),
        first,
        "Işık",
    );
    c.created_at = 1_700_000_000_000;
    c.updated_at = 1_700_000_000_000;
    c
}

/// A valid backup with Turkish letters (multi-byte characters) in it.
fn backup_bytes() -> Vec<u8> {
    let customers = [
        customer(1, "Ayşe"),
        customer(2, "Gülşen"),
        customer(3, "Çağrı"),
    ];
    write_backup(1_718_000_000_000, &customers, &[], &[], &[]).into_bytes()
}

/// Reads `bytes` in chunks of `size` bytes.
fn read_in_chunks(bytes: &[u8], size: usize) -> Result<Backup, BackupErrors> {
    let mut reader = BackupReader::new();
    for chunk in bytes.chunks(size.max(1)) {
        reader.push_bytes(chunk);
    }
    reader.finish()
}

#[test]
fn a_backup_written_in_pieces_with_the_header_last_equals_the_whole_file() {
    let customers = [
        customer(1, "Ayşe"),
        customer(2, "Gülşen"),
        customer(3, "Çağrı"),
    ];
    let mut gone = customer(4, "");
    gone.deleted = true;
    let customers = [customers.as_slice(), &[gone]].concat();
    let whole = write_backup(1_718_000_000_000, &customers, &[], &[], &[]);
    let records: Vec<Record> = customers.iter().cloned().map(Record::Customer).collect();
    for page in [1, 3, 100] {
        let mut writer = BackupWriter::counting(1_718_000_000_000);
        let pieces: Vec<String> = records
            .chunks(page)
            .map(|chunk| writer.record_lines(chunk))
            .collect();
        let file = [vec![writer.written_header_line()], pieces]
            .concat()
            .concat();
        assert_eq!(file, whole, "pages of {page}");
        assert!(validate(&file).is_ok());
    }
}

#[test]
fn a_utf8_backup_reads_the_same_from_bytes_in_any_chunks() {
    let bytes = backup_bytes();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let whole = validate(&text).expect("valid");
    for size in [1, 2, 3, 7, 64, bytes.len()] {
        assert_eq!(
            read_in_chunks(&bytes, size),
            Ok(whole.clone()),
            "chunks of {size}"
        );
    }
}

#[test]
fn a_bad_byte_is_refused_with_its_offset_and_line_not_replaced() {
    let mut bytes = backup_bytes();
    // The "ş" of Gülşen (line 3) loses its second byte to a Latin-5 byte.
    let at = bytes
        .windows(2)
        .position(|w| w == "ş".as_bytes())
        .expect("ş in the file");
    let second = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    bytes[at] = 0xFE; // never valid in UTF-8
    for size in [1, 2, 5, 4096] {
        let errors = read_in_chunks(&bytes, size).expect_err("not UTF-8");
        assert_eq!(errors.errors.len(), 1, "{errors}");
        let error = &errors.errors[0];
        assert_eq!(error.problem, BackupProblem::NotUtf8);
        assert_eq!(error.message_key, "backup-not-utf8");
        assert_eq!(error.offset, Some(at), "chunks of {size}");
        assert_eq!(error.line, second, "chunks of {size}");
    }
}

#[test]
fn a_windows_1254_file_is_refused_at_its_first_turkish_letter() {
    // "ş" in Windows-1254 is the single byte 0xFE; "ü" is 0xFC.
    let mut bytes = b"{\"format\":\"ilgi-backup\"".to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(&[0xFC, b'\n']);
    let errors = read_in_chunks(&bytes, 3).expect_err("not UTF-8");
    assert_eq!(errors.errors[0].problem, BackupProblem::NotUtf8);
    assert_eq!(errors.errors[0].offset, Some(at));
    assert_eq!(errors.errors[0].line, 1);
}

#[test]
fn a_file_cut_inside_a_character_is_refused_at_the_cut() {
    let bytes = "ğ".as_bytes();
    let mut reader = BackupReader::new();
    reader.push_bytes(&bytes[..1]);
    let errors = reader.finish().expect_err("cut in the middle of ğ");
    assert_eq!(errors.errors[0].problem, BackupProblem::NotUtf8);
    assert_eq!(errors.errors[0].offset, Some(0));
}

proptest! {
    #[test]
    fn the_first_bad_byte_is_found_wherever_the_chunks_split(
        position in 0usize..400,
        bad in prop::sample::select(vec![0x80u8, 0xC0, 0xC1, 0xF5, 0xFE, 0xFF]),
        size in 1usize..40,
    ) {
        let mut bytes = backup_bytes();
        let position = position.min(bytes.len() - 1);
        bytes[position] = bad;
        let expected = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to());
        // A continuation byte replaced by another one is still UTF-8.
        prop_assume!(expected.is_some());
        let errors = read_in_chunks(&bytes, size).expect_err("not UTF-8");
        let error = &errors.errors[0];
        prop_assert_eq!(error.problem, BackupProblem::NotUtf8);
        prop_assert_eq!(error.offset, expected);
    }
}
