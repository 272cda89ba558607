//! Every limit the app enforces while the resident types and the server
//! enforces again on arrival. One constant each, never a copy.

/// Shortest useful title, in characters (not bytes: Chinese text).
pub const TITLE_MIN_CHARS: usize = 4;
/// Longest title, in characters.
pub const TITLE_MAX_CHARS: usize = 80;
/// Shortest description: the facts and the request need some words.
pub const BODY_MIN_CHARS: usize = 10;
/// Longest description, in characters; Open311 allows 4,000 too.
pub const BODY_MAX_CHARS: usize = 4000;
/// Longest address (of the matter, or of the petitioner), in characters.
pub const ADDRESS_MAX_CHARS: usize = 200;
/// Longest personal name, in characters.
pub const NAME_MAX_CHARS: usize = 50;
/// A phone number has this many digits at least and at most (a local
/// landline without area code has 7; an international number up to 15).
pub const PHONE_MIN_DIGITS: usize = 7;
pub const PHONE_MAX_DIGITS: usize = 15;
/// A group matter affects at least two people; the upper bound only stops
/// typing mistakes.
pub const PEOPLE_AFFECTED_MIN: u32 = 2;
pub const PEOPLE_AFFECTED_MAX: u32 = 1_000_000;
/// Longest code of a category or an area.
pub const CODE_MAX_CHARS: usize = 32;
/// Photos per petition.
pub const PHOTOS_MAX: usize = 9;
/// A picked file larger than this is refused before it is decoded.
pub const PHOTO_INPUT_MAX_BYTES: u64 = 40 * 1024 * 1024;
/// A picked image with more pixels than this is refused (memory on cheap
/// phones).
pub const PHOTO_INPUT_MAX_PIXELS: u64 = 50_000_000;
/// Stored photos are scaled so the long edge is at most this.
pub const PHOTO_LONG_EDGE_MAX_PX: u32 = 2048;
/// When every quality step and type still leaves a photo over
/// `PHOTO_MAX_BYTES` (a noisy night shot, gravel, foliage), it is scaled
/// down to the next long edge and tried again before it is refused.
pub const PHOTO_LONG_EDGE_STEPS_PX: [u32; 4] = [PHOTO_LONG_EDGE_MAX_PX, 1600, 1280, 1024];
/// The re-encoder lowers quality until the photo fits this.
pub const PHOTO_TARGET_BYTES: u64 = 400 * 1000;
/// No stored photo may be larger than this (the server's limit too).
pub const PHOTO_MAX_BYTES: u64 = 600 * 1000;
/// Thumbnails for lists.
pub const PHOTO_THUMB_EDGE_PX: u32 = 192;
/// Photos larger than this are uploaded in pieces of this size, so a cut
/// connection loses one piece, not the photo.
pub const PHOTO_UPLOAD_CHUNK_BYTES: u64 = 128 * 1024;
/// Types a stored photo may have.
pub const PHOTO_MIME_TYPES: [&str; 2] = ["image/webp", "image/jpeg"];
/// Largest JSON body the petitions endpoint accepts. A body at the text
/// limits is at most 4 bytes per character, plus the envelope.
pub const PETITION_REQUEST_MAX_BYTES: usize = 64 * 1024;
/// Default and largest page of the sync feed.
pub const SYNC_PAGE_DEFAULT: u32 = 100;
pub const SYNC_PAGE_MAX: u32 = 500;

// Checked when compiling: a petition at the text limits (4 bytes per
// character is the UTF-8 worst case, plus the JSON envelope) must fit the
// request limit, and every minimum must be below its maximum.
const _: () = assert!(
    4 * (TITLE_MAX_CHARS + BODY_MAX_CHARS + 2 * ADDRESS_MAX_CHARS + NAME_MAX_CHARS)
        + 4 * CODE_MAX_CHARS
        + 2048
        <= PETITION_REQUEST_MAX_BYTES
);
const _: () = assert!(TITLE_MIN_CHARS < TITLE_MAX_CHARS && BODY_MIN_CHARS < BODY_MAX_CHARS);
const _: () = assert!(SYNC_PAGE_DEFAULT <= SYNC_PAGE_MAX);

/// Longest note staff write for the resident on a case event (the reply's
/// summary, a reason), in characters.
pub const CASE_NOTE_MAX_CHARS: usize = 2000;
/// Departments one case can be assigned to at once.
pub const CASE_DEPARTMENTS_MAX: usize = 5;
/// Art. 34: handling may be extended once, by at most this many days.
pub const EXTENSION_MAX_DAYS: u32 = 30;
/// Optional rating dimensions are scored from 1 (poor) to this.
pub const RATING_SCORE_MAX: u8 = 5;
/// Longest rating comment, in characters.
pub const RATING_COMMENT_MAX_CHARS: usize = 500;
/// Longest supplement text, in characters: room for a whole draft (title
/// and description) added to a case instead of being sent on its own.
pub const SUPPLEMENT_MAX_CHARS: usize = TITLE_MAX_CHARS + BODY_MAX_CHARS + 2;
/// A query code has this many characters from `QUERY_CODE_ALPHABET`.
pub const QUERY_CODE_LEN: usize = 8;
/// Digits and capitals without 0/O, 1/I/L: easy to read out on the phone.
pub const QUERY_CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// A review or re-check request made offline within its window still counts
/// when it reaches the office at most this many days later.
pub const OFFLINE_REQUEST_GRACE_DAYS: u32 = 7;

// Suggestion campaigns (征求意见).

/// A campaign's link is `/c/<slug>`: lowercase letters, digits and inner
/// hyphens, short enough to read out and print on a poster.
pub const CAMPAIGN_SLUG_MIN_CHARS: usize = 3;
pub const CAMPAIGN_SLUG_MAX_CHARS: usize = 40;
/// Longest campaign title, in characters.
pub const CAMPAIGN_TITLE_MAX_CHARS: usize = 80;
/// Longest introduction (and the office's published answer), in characters.
pub const CAMPAIGN_INTRO_MAX_CHARS: usize = 4000;
/// Questions in one campaign.
pub const CAMPAIGN_QUESTIONS_MAX: usize = 20;
/// Longest question, in characters.
pub const QUESTION_PROMPT_MAX_CHARS: usize = 300;
/// Options of a choice question.
pub const CHOICE_OPTIONS_MIN: usize = 2;
pub const CHOICE_OPTIONS_MAX: usize = 12;
/// Longest option label (and scale end label), in characters.
pub const CHOICE_LABEL_MAX_CHARS: usize = 80;
/// A scale question runs from 1 to this.
pub const SCALE_MAX: u8 = 5;
/// The largest character limit a short-text question may set.
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
/// The largest character limit a long-text question may set.
pub const LONG_TEXT_MAX_CHARS: usize = 4000;
/// Photos a long-text answer may carry.
pub const ANSWER_PHOTOS_MAX: usize = 3;
/// An answer made on the phone before the close still counts when it
/// reaches the office at most this many days after the close (the phone
/// was offline), as a review request does.
pub const CAMPAIGN_ANSWER_GRACE_DAYS: u32 = OFFLINE_REQUEST_GRACE_DAYS;

// Checked when compiling.
const _: () = assert!(CAMPAIGN_SLUG_MIN_CHARS < CAMPAIGN_SLUG_MAX_CHARS);
const _: () = assert!(CHOICE_OPTIONS_MIN < CHOICE_OPTIONS_MAX);
const _: () = assert!(SHORT_TEXT_MAX_CHARS < LONG_TEXT_MAX_CHARS);
const _: () = assert!(ANSWER_PHOTOS_MAX <= PHOTOS_MAX);

/// Largest JSON body of a campaign answer: every question a long text at
/// its longest (4 bytes per character at worst) with its photos' manifest,
/// plus the envelope. Larger than a petition's, which it must not share.
pub const CAMPAIGN_RESPONSE_MAX_BYTES: usize = 512 * 1024;
const _: () = assert!(
    CAMPAIGN_QUESTIONS_MAX * (4 * LONG_TEXT_MAX_CHARS + ANSWER_PHOTOS_MAX * 256 + 256) + 2048
        <= CAMPAIGN_RESPONSE_MAX_BYTES
);

// ---------------------------------------------------------------------
// Quotas and server limits against hostile clients (issue 11; security
// review H2, L3, L6). The server enforces these; the app never counts them
// itself: it meets 429 with `Retry-After`, says "try again later" and keeps
// the work queued. The server's flags can change the starred ones (*)
// without a rebuild; `docs/security.md` lists each with where it is set.
// ---------------------------------------------------------------------

/// (*) Device registrations one client address may make at once: a family
/// or an office installing the app together, and the many residents a
/// mobile carrier puts behind one address, pass; a script does not.
pub const DEVICE_REGISTRATION_BURST: u32 = 60;
/// (*) Registrations per client address per hour once the burst is used
/// (the bucket refills one every 6 s).
pub const DEVICE_REGISTRATIONS_PER_HOUR: u32 = 600;
/// (*) New petitions one device may send per day (China time). Resends of
/// a petition already received are never counted.
pub const PETITIONS_PER_DEVICE_PER_DAY: u32 = 20;
/// (*) New requests about cases (withdraw, review, re-check, rating,
/// supplement) one device may send per day (China time).
pub const FOLLOW_UPS_PER_DEVICE_PER_DAY: u32 = 50;
/// (*) Campaigns one device may answer, or change its answer to, per day
/// (China time).
pub const CAMPAIGN_ANSWERS_PER_DEVICE_PER_DAY: u32 = 50;
/// Supplements one case may carry: each can hold a whole draft's text and
/// photos, and the desk and a lookup show all of them.
pub const SUPPLEMENTS_PER_CASE: u32 = 20;
/// Photos one case may hold in all (its petition's and its supplements'):
/// the desk shows them all on the case page.
pub const PHOTOS_PER_CASE: u32 = 45;
/// Bytes of photos one case may hold in all.
pub const PHOTO_BYTES_PER_CASE: u64 = 20 * 1000 * 1000;
/// A piece of a resumable photo upload, but the last, is at least this:
/// each piece is a request and a write, so one-byte pieces would cost the
/// office a request per byte (review L4). The app sends
/// `PHOTO_UPLOAD_CHUNK_BYTES`.
pub const PHOTO_PIECE_MIN_BYTES: u64 = 64 * 1024;
/// Stacking combining marks one letter may carry in a row: enough for
/// Vietnamese, Thai, Devanagari or a Tibetan stack, not for text piled over
/// the lines around it (review L7). Checked by the app as the resident
/// types and by the server, like the text limits above
/// (`text::is_clean_text`).
pub const COMBINING_MARKS_MAX: usize = 4;
/// Cases per page of the desk's queue.
pub const QUEUE_PAGE_ROWS: u32 = 50;
/// (*) Requests the server works on at once; one more is answered 503
/// with `Retry-After` at once instead of waiting in a queue that only grows
/// (the single database writer sets the pace, not the number waiting).
pub const CONCURRENT_REQUESTS_MAX: u32 = 256;
/// (*) Seconds a request may wait between two pieces of its body before it
/// is answered 408: a 2G uplink stalls for seconds, never for half a
/// minute while the connection lives.
pub const REQUEST_BODY_IDLE_SECS: u64 = 30;
/// (*) Seconds a whole request may take, its body included, before it is
/// answered 408. A photo piece (`PHOTO_UPLOAD_CHUNK_BYTES`, 128 KiB) over a
/// poor 2G uplink at 1 KB/s takes about 130 s.
pub const REQUEST_TIMEOUT_SECS: u64 = 180;
/// (*) Seconds the server keeps answering the requests in flight after
/// SIGTERM or Ctrl-C before it exits anyway.
pub const SHUTDOWN_GRACE_SECS: u64 = 10;

const _: () = assert!(
    PHOTO_UPLOAD_CHUNK_BYTES / 1024 < REQUEST_TIMEOUT_SECS
        && REQUEST_BODY_IDLE_SECS < REQUEST_TIMEOUT_SECS
);

// ---------------------------------------------------------------------
// The desk's edge (issue 11: sign-in, desk forms, sessions). Server-side
// only, but kept here with every other limit so each has one home.
// ---------------------------------------------------------------------

/// A staff username is 3 to 32 of `[A-Za-z0-9._-]`; a sign-in with any
/// other name is refused before it is counted, hashed or logged.
pub const STAFF_USERNAME_MIN_CHARS: usize = 3;
pub const STAFF_USERNAME_MAX_CHARS: usize = 32;
/// Largest body of the forms anyone may post (sign-in, sign-out, the
/// language switch): a name, a password and a token fit many times over.
pub const SIGN_IN_FORM_MAX_BYTES: usize = 8 * 1024;
/// Largest body of a signed-in desk form (a case action, a campaign's
/// answer or change of state). A form field is percent-encoded: a
/// character costs at most 12 bytes (4 UTF-8 bytes, 3 each).
pub const DESK_FORM_MAX_BYTES: usize = 128 * 1024;
/// Largest body of the campaign editor's form: every question of a
/// campaign at its longest, in both languages.
pub const CAMPAIGN_FORM_MAX_BYTES: usize = 1024 * 1024;
/// Sign-in attempts per client address in a window, whatever the names:
/// each attempt counts when it starts and a successful one gives its count
/// back, so an office of many clerks behind one address is never refused.
pub const SIGN_IN_ATTEMPTS_PER_ADDRESS: u32 = 30;
/// Failed sign-ins for one name from one address in a window; then that
/// address is refused for that name until the window ends.
pub const SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME: u32 = 10;
/// The sign-in windows, in seconds.
pub const SIGN_IN_WINDOW_SECS: i64 = 600;
/// Failures for one name from anywhere before each further attempt must
/// wait; the wait doubles from one second with every failure, up to
/// `SIGN_IN_NAME_DELAY_MAX_SECS`. A delay, never a lock: a stranger
/// cannot lock a clerk out, and an address where the name signed in
/// before is not delayed at all.
pub const SIGN_IN_NAME_FREE_FAILURES: u32 = 10;
pub const SIGN_IN_NAME_DELAY_MAX_SECS: i64 = 60;
/// How long an address where a name signed in stays exempt from that
/// name's delays, in days.
pub const SIGN_IN_KNOWN_ADDRESS_DAYS: i64 = 30;
/// A password check waits at most this long for a free core, then the
/// sign-in answers 503 with `Retry-After: SIGN_IN_BUSY_RETRY_SECS`.
pub const PASSWORD_CHECK_WAIT_MS: u64 = 500;
pub const SIGN_IN_BUSY_RETRY_SECS: u64 = 2;
/// A desk session ends after this many minutes without a request, and in
/// any case this many hours after sign-in.
pub const STAFF_SESSION_IDLE_MINUTES: i64 = 30;
pub const STAFF_SESSION_MAX_HOURS: i64 = 12;

const _: () = assert!(STAFF_USERNAME_MIN_CHARS < STAFF_USERNAME_MAX_CHARS);
const _: () = assert!(12 * (CASE_NOTE_MAX_CHARS + 64) + 4096 <= DESK_FORM_MAX_BYTES);
const _: () = assert!(12 * 2 * CAMPAIGN_INTRO_MAX_CHARS + 4096 <= DESK_FORM_MAX_BYTES);
// The editor at its longest: titles and introductions in both languages,
// and per question two prompts, the options (an id and two labels each),
// four scale labels and the small fields.
const _: () = assert!(
    12 * (2 * CAMPAIGN_TITLE_MAX_CHARS
        + 2 * CAMPAIGN_INTRO_MAX_CHARS
        + CAMPAIGN_QUESTIONS_MAX
            * (2 * QUESTION_PROMPT_MAX_CHARS
                + CHOICE_OPTIONS_MAX * (CODE_MAX_CHARS + 2 * CHOICE_LABEL_MAX_CHARS + 8)
                + 4 * CHOICE_LABEL_MAX_CHARS
                + 256))
        + 8192
        <= CAMPAIGN_FORM_MAX_BYTES
);
const _: () = assert!(STAFF_SESSION_IDLE_MINUTES < STAFF_SESSION_MAX_HOURS * 60);

const _: () = assert!(PHOTO_PIECE_MIN_BYTES <= PHOTO_UPLOAD_CHUNK_BYTES);
const _: () = assert!(PHOTOS_MAX as u32 <= PHOTOS_PER_CASE);
const _: () = assert!(PHOTOS_MAX as u64 * PHOTO_MAX_BYTES <= PHOTO_BYTES_PER_CASE);
