//! Every change the office makes to a suggestion campaign goes through
//! `change`: core's rules decide (`Campaign::may`, `validate`,
//! `correction`), the department and district are checked against the
//! catalogue, then the campaign and its audit entry are written in one
//! transaction, with the event the phones' sync feed carries. The desk
//! calls this; nothing else writes a campaign.
//! `count` gives the results as the database counts them, for the API
//! and the desk alike.

use letterbox_core::campaign::{
    Campaign, CampaignAction, CampaignState, DefinitionError, Invalid, OptionCount, Part,
    QuestionKind, QuestionResult, Refusal, Results, Words,
};
use letterbox_core::lifecycle::Role;
use letterbox_core::limits::SCALE_MAX;

use crate::clock::rfc3339;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// What the office does.
#[derive(Debug, Clone)]
pub enum Change {
    /// A new draft.
    Create(Campaign),
    /// A draft rewritten, or a published campaign's words corrected.
    Edit(Campaign),
    Publish,
    /// An early close.
    Close,
    /// What the office did with the answers (after the close).
    PublishAnswer(Words),
}

impl Change {
    pub fn action(&self) -> CampaignAction {
        match self {
            Self::Create(_) => CampaignAction::Create,
            Self::Edit(_) => CampaignAction::Edit,
            Self::Publish => CampaignAction::Publish,
            Self::Close => CampaignAction::Close,
            Self::PublishAnswer(_) => CampaignAction::PublishAnswer,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("no such campaign")]
    NotFound,
    #[error("the link name is taken")]
    SlugTaken,
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl From<sqlx::Error> for ChangeError {
    fn from(e: sqlx::Error) -> Self {
        Self::Api(e.into())
    }
}

/// Who changes it: the staff account the audit log names, and its role.
pub struct Staff {
    pub id: i64,
    pub role: Role,
}

/// The department and district must be the office's own.
fn catalogue_problems(state: &AppState, c: &Campaign) -> Vec<DefinitionError> {
    let known_department = state
        .catalogue
        .categories
        .departments
        .iter()
        .any(|d| d.code == c.department);
    let known_district = c
        .district
        .as_deref()
        .is_none_or(|d| state.catalogue.areas.district(d).is_some());
    if known_department && known_district {
        Vec::new()
    } else {
        vec![DefinitionError::campaign(Invalid::Department)]
    }
}

fn checked(state: &AppState, c: &Campaign) -> Result<(), ChangeError> {
    let mut problems = c.validate().err().unwrap_or_default();
    problems.extend(catalogue_problems(state, c));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ChangeError::Refused(Refusal::Invalid(problems)))
    }
}

/// Applies `change` to the campaign `slug` (for `Create`, the new one's)
/// and gives the campaign as stored.
pub async fn change(
    state: &AppState,
    by: &Staff,
    slug: &str,
    change: Change,
) -> Result<Campaign, ChangeError> {
    let now = state.clock.now();
    let at = rfc3339(now);
    let seconds = now.unix_timestamp();
    let mut tx = state.db.write.begin().await?;
    db::locks::hold(&mut tx, &format!("campaign:{slug}")).await?;
    let campaign = if let Change::Create(draft) = &change {
        if by.role != Role::Supervisor {
            return Err(ChangeError::Refused(Refusal::NotPermitted));
        }
        let draft = Campaign {
            state: CampaignState::Draft,
            closed_at: None,
            answer: None,
            ..draft.clone()
        };
        checked(state, &draft)?;
        if !db::campaigns::insert(&mut tx, &draft, by.id, &at).await? {
            return Err(ChangeError::SlugTaken);
        }
        draft
    } else {
        let stored = db::campaigns::by_slug(&mut *tx, slug)
            .await?
            .ok_or(ChangeError::NotFound)?;
        let current = stored
            .campaign()
            .ok_or(ApiError::Corrupt("campaigns.definition_json"))?;
        let state_after = current
            .may(change.action(), by.role, seconds)
            .map_err(ChangeError::Refused)?;
        let next = match &change {
            Change::Create(_) => unreachable!("handled above"),
            Change::Edit(edited) => {
                let edited = Campaign {
                    slug: current.slug.clone(),
                    state: current.state,
                    closed_at: current.closed_at.clone(),
                    answer: current.answer.clone(),
                    ..edited.clone()
                };
                current.correction(&edited).map_err(ChangeError::Refused)?;
                checked(state, &edited)?;
                edited
            }
            Change::Publish => {
                checked(state, &current)?;
                Campaign {
                    state: state_after,
                    ..current.clone()
                }
            }
            Change::Close => Campaign {
                state: state_after,
                closed_at: Some(at.clone()),
                ..current.clone()
            },
            Change::PublishAnswer(words) => {
                let problem =
                    |code| Refusal::Invalid(vec![DefinitionError::words(Part::Answer, code)]);
                let chars = words.zh.trim().chars().count();
                if chars == 0 {
                    return Err(ChangeError::Refused(problem(Invalid::TextMissing)));
                }
                if chars > letterbox_core::limits::CAMPAIGN_INTRO_MAX_CHARS
                    || words.en.trim().chars().count()
                        > letterbox_core::limits::CAMPAIGN_INTRO_MAX_CHARS
                {
                    return Err(ChangeError::Refused(problem(Invalid::TextTooLong)));
                }
                Campaign {
                    answer: Some(Words {
                        zh: words.zh.trim().to_owned(),
                        en: words.en.trim().to_owned(),
                    }),
                    ..current.clone()
                }
            }
        };
        db::campaigns::update(&mut tx, &next, &at).await?;
        next
    };
    db::audit::record(
        &mut *tx,
        &db::audit::AuditEntry {
            at: &at,
            staff_id: Some(by.id),
            action: &format!("campaign_{}", change.action().as_str()),
            petition: None,
            detail: &campaign.slug,
        },
    )
    .await?;
    // Phones hear of every change to a campaign they can see (a draft's
    // they cannot), through the sync feed.
    if campaign.state != CampaignState::Draft {
        db::campaign_events::append(&mut tx, &campaign.slug, change.action().as_str(), &at).await?;
    }
    tx.commit().await?;
    Ok(campaign)
}

/// The results as the database counts them, every option listed (zero
/// included) in the definition's order. The desk shows the same; nothing
/// loads every response to count them.
pub async fn count(state: &AppState, campaign: &Campaign) -> Result<Results, ApiError> {
    let slug = &campaign.slug;
    let responses = db::campaigns::response_count(&state.db.read, slug).await?;
    let counts = db::campaigns::choice_counts(&state.db.read, slug).await?;
    let answered = db::campaigns::answered(&state.db.read, slug).await?;
    let questions = campaign
        .questions
        .iter()
        .filter(|q| q.kind.is_counted())
        .map(|q| {
            let options: Vec<String> = match &q.kind {
                QuestionKind::Scale { .. } => (1..=SCALE_MAX).map(|n| n.to_string()).collect(),
                kind => kind.options().iter().map(|c| c.id.clone()).collect(),
            };
            let count_of = |option: &str| {
                counts
                    .iter()
                    .find(|c| c.question == q.id && c.choice == option)
                    .map_or(0, |c| c.count as u64)
            };
            QuestionResult {
                question: q.id.clone(),
                answered: answered
                    .iter()
                    .find(|a| a.question == q.id)
                    .map_or(0, |a| a.responses as u64),
                counts: options
                    .iter()
                    .map(|o| OptionCount {
                        option: o.clone(),
                        count: count_of(o),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Results {
        responses: responses as u64,
        questions,
    })
}
