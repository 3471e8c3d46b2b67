use super::*;
use proptest::prelude::*;

const CODECS: [Codec; 4] = [Codec::None, Codec::Lzf, Codec::Lz4, Codec::Zstd];

fn with(codec: Codec) -> Compression {
    Compression {
        codec,
        ..Compression::default()
    }
}

/// A session as PHP's `php` serializer writes it, compressible.
fn session(n: usize) -> Vec<u8> {
    let mut s = Vec::new();
    for i in 0..n {
        s.extend_from_slice(
            format!("item{i}|a:2:{{s:3:\"qty\";i:{i};s:4:\"name\";s:6:\"widget\";}}").as_bytes(),
        );
    }
    s
}

#[test]
fn names() {
    assert_eq!(Codec::from_name(" LZ4 "), Some(Codec::Lz4));
    assert_eq!(Codec::from_name(""), Some(Codec::None));
    assert_eq!(Codec::from_name("zstd"), Some(Codec::Zstd));
    assert_eq!(Codec::from_name("lz5"), None);
    for c in CODECS {
        assert_eq!(Codec::from_name(c.name()), Some(c));
    }
}

#[test]
fn every_codec_round_trips_and_shrinks_a_session() {
    let data = session(200);
    for codec in CODECS {
        for level in [-1, 0, 1, 3, 9, 12, 13, 19, 30] {
            let c = Compression {
                level,
                ..with(codec)
            };
            let stored = c.encode(&data);
            if codec != Codec::None {
                assert!(stored.len() < data.len() / 4, "{codec:?} {level}");
            }
            let back = c.decode(stored.into_owned()).expect("decodes");
            assert_eq!(back.data, data);
            assert_eq!(back.codec, (codec != Codec::None).then_some(codec));
        }
    }
}

#[test]
fn formats_are_phpredis_formats() {
    let data = session(10);
    // LZ4: crc8 of the little-endian int length, the length, one block.
    let stored = with(Codec::Lz4).encode(&data).into_owned();
    let len = i32::try_from(data.len()).unwrap_or_default().to_le_bytes();
    assert_eq!(stored[0], lz4::crc8(&len));
    assert_eq!(&stored[1..5], &len);
    // CRC-8 with polynomial 0x31, start 0xFF: its check value.
    assert_eq!(lz4::crc8(b"123456789"), 0xF7);
    // zstd: a frame with its content size.
    let stored = with(Codec::Zstd).encode(&data).into_owned();
    assert_eq!(&stored[..4], &[0x28, 0xB5, 0x2F, 0xFD]);
    // LZF: raw liblzf output, whose first token is a literal run.
    let stored = with(Codec::Lzf).encode(&data).into_owned();
    assert!(stored[0] < 0x20);
}

#[test]
fn empty_sessions_as_phpredis_stores_them() {
    // lzf and lz4 store nothing as nothing; zstd makes a frame.
    assert!(with(Codec::Lzf).encode(b"").is_empty());
    assert!(with(Codec::Lz4).encode(b"").is_empty());
    let frame = with(Codec::Zstd).encode(b"").into_owned();
    assert!(zstd::is_frame(&frame));
    for codec in CODECS {
        assert_eq!(
            with(codec).decode(frame.clone()).map(|d| d.data),
            Ok(Vec::new())
        );
        assert_eq!(
            with(codec).decode(Vec::new()).map(|d| d.data),
            Ok(Vec::new())
        );
    }
}

#[test]
fn changing_the_setting_loses_nothing() {
    let data = session(50);
    for from in CODECS {
        let stored = with(from).encode(&data).into_owned();
        for to in CODECS {
            let back = with(to).decode(stored.clone()).expect("decodes");
            assert_eq!(back.data, data, "{from:?} -> {to:?}");
        }
    }
}

#[test]
fn lzf_under_a_binary_serializer_needs_the_setting() {
    // igbinary-like data starting with 0x00: LZF cannot be told apart.
    let mut data = vec![0, 0, 0, 2, 0x14, 3];
    data.extend(session(5));
    let binary = |codec| Compression {
        text_serializer: false,
        ..with(codec)
    };
    let stored = binary(Codec::Lzf).encode(&data).into_owned();
    assert_eq!(
        binary(Codec::Lzf).decode(stored.clone()).map(|d| d.data),
        Ok(data.clone())
    );
    // Other settings take it as stored.
    assert_eq!(
        binary(Codec::None).decode(stored.clone()).map(|d| d.data),
        Ok(stored)
    );
    // And raw binary data is never refused as corrupt LZF.
    assert_eq!(
        binary(Codec::Lzf).decode(vec![0x05, 1, 2]).map(|d| d.data),
        Ok(vec![0x05, 1, 2])
    );
}

#[test]
fn serializers_own_bytes_are_not_taken_for_lz4() {
    // igbinary (00 00 00 02, then a type byte), php_binary (a key length),
    // msgpack maps: none must pass the LZ4 header check.
    let tail = session(40);
    for head in [
        vec![0, 0, 0, 2, 0x14],
        vec![0, 0, 0, 2, 0x15],
        vec![0, 0, 0, 2, 0x16],
        vec![0x83],
        vec![0xde, 0, 5],
    ] {
        let mut v = head.clone();
        v.extend_from_slice(&tail);
        assert_eq!(lz4::header(&v), None, "{head:?}");
    }
    // Text never does below 2 MB: its length bytes are >= 0x20202020.
    for text in [session(1000), b"a:1:{s:1:\"x\";i:1;}".to_vec()] {
        assert_eq!(lz4::header(&text), None);
    }
}

#[test]
fn small_values_stay_raw_where_phpredis_reads_them_so() {
    let small = b"user|s:5:\"alice\";".to_vec();
    for codec in [Codec::Lzf, Codec::Lz4, Codec::Zstd] {
        let c = Compression {
            min_size: 100,
            ..with(codec)
        };
        assert_eq!(c.encode(&small), Cow::Borrowed(&small[..]), "{codec:?}");
        assert_eq!(c.decode(small.clone()).map(|d| d.codec), Ok(None));
    }
    // Ambiguous raw bytes are compressed all the same.
    let c = Compression {
        min_size: 100,
        ..with(Codec::Lzf)
    };
    assert_ne!(c.encode(b"\x01abc").as_ref(), b"\x01abc");
    let c = Compression {
        min_size: 100,
        ..with(Codec::Zstd)
    };
    assert_ne!(
        c.encode(b"\x28\xB5\x2F\xFDxx").as_ref(),
        b"\x28\xB5\x2F\xFDxx"
    );
    let c = Compression {
        min_size: 100,
        ..with(Codec::Lz4)
    };
    let tricky = [lz4::crc8(&[0, 0, 0, 0]), 0, 0, 0, 0, 1];
    assert_ne!(c.encode(&tricky).as_ref(), &tricky);
}

#[test]
fn corrupt_values_name_their_codec() {
    let data = session(100);
    // A truncated zstd frame.
    let mut z = with(Codec::Zstd).encode(&data).into_owned();
    z.truncate(z.len() / 2);
    let err = with(Codec::None).decode(z).expect_err("corrupt");
    assert_eq!(err.codec, Codec::Zstd);
    // An LZ4 block with a damaged byte in the middle.
    let mut l = with(Codec::Lz4).encode(&data).into_owned();
    let mid = l.len() / 2;
    l.truncate(mid);
    let err = with(Codec::Lz4).decode(l).expect_err("corrupt");
    assert_eq!(err.codec, Codec::Lz4);
    // LZF that is not, under a text serializer.
    let err = with(Codec::Lzf)
        .decode(vec![0x1f, b'a'])
        .expect_err("corrupt");
    assert_eq!(err.codec, Codec::Lzf);
}

#[test]
fn bombs_are_refused_before_allocating() {
    // A frame header claiming 1 TiB.
    let mut frame = vec![0x28, 0xB5, 0x2F, 0xFD, 0xC0];
    frame.extend_from_slice(&(1_u64 << 40).to_le_bytes());
    frame.extend_from_slice(&[0; 8]);
    let err = with(Codec::Zstd).decode(frame).expect_err("too large");
    assert!(err.reason.contains("512 MiB"), "{}", err.reason);
}

proptest! {
    #[test]
    fn any_bytes_round_trip(data in proptest::collection::vec(any::<u8>(), 0..600),
                            codec in 0_i64..4, level in -2_i32..14, min_size in 0_usize..64,
                            text in any::<bool>()) {
        let c = Compression {
            codec: Codec::from_index(codec).unwrap_or_default(),
            level,
            min_size,
            text_serializer: text,
        };
        let stored = c.encode(&data).into_owned();
        // What we write, we read back, as long as the writer's setting is
        // the reader's (or the format is recognisable).
        if c.codec != Codec::None || !c.claims(&data) {
            prop_assert_eq!(c.decode(stored).map(|d| d.data), Ok(data));
        }
    }
}
