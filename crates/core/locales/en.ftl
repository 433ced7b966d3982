# ilgi — English messages. Every id here must also exist in tr.ftl (tested).

app-name = ilgi
app-tagline = Social CRM that lives in your browser

skip-to-content = Skip to content
nav-label = Main navigation
menu-toggle = Menu

nav-dashboard = Dashboard
nav-customers = Customers
nav-cases = Cases
nav-mentions = Mentions
nav-segments = Segments
nav-campaigns = Campaigns
nav-settings = Settings

coming-badge = Coming soon
coming-dashboard = Customers by segment, lifetime value, the complaint queue with SLA clocks, social mentions with sentiment and the campaign calendar — on one screen.
coming-customers = Your customer database, matched with social profiles: search, filters, detail pages, CSV import and export, backup.
coming-cases = Every complaint gets a number, a department, an owner and a visible journey; late ones escalate on their own.
coming-mentions = Social posts matched to customers, with sentiment, topic and reach.
coming-segments = RFM segments, customer lifetime value and rule-based groups, with the next best offer per customer.
coming-campaigns = A contact calendar with frequency caps, so customers hear from you without spam.
coming-settings = Settings for this device.

not-found-title = Page not found
not-found-body = There is no page at { $path }.
not-found-home = Go to the dashboard
page-unavailable-title = This page could not be loaded
page-unavailable-body = Its part of the app has not been downloaded yet and there is no connection. Once you are online again, try again; after a first visit online, ilgi works offline.
page-unavailable-retry = Try again

lang-label = Language
theme-label = Theme
theme-system = Follow system
theme-light = Light
theme-dark = Dark

update-ready = A new version of ilgi is ready.
update-reload = Reload to update
offline-ready = ilgi is ready to work offline.
toast-close = Close

error-title = Something went wrong
error-retry = Try again

settings-appearance-title = Language and appearance
settings-storage-title = Storage on this device
settings-storage-intro = ilgi keeps your data in this browser. Ask the browser to keep it persistent so it is never cleared to free space.
storage-checking = Checking storage…
storage-persisted = Persistent: the browser will not clear ilgi's data to free space.
storage-not-persisted = Best effort: the browser may clear ilgi's data when space runs low. Installing ilgi as an app usually makes storage persistent.
storage-unsupported = This browser does not report storage persistence.
storage-usage = { $used } used of { $quota } available
storage-ask = Ask for persistent storage
settings-offline-title = Offline use
offline-active = Offline mode is on: this version of ilgi is saved on this device.
offline-pending = Offline mode is being prepared…
offline-unsupported = This browser cannot run ilgi offline.
settings-about-title = About
settings-version = Version { $version }
prefs-not-saved = Your choice could not be saved on this device:

## Value errors (model::values)
value-empty = is empty
value-email-no-at = email address has no @
value-email-local = the part before @ is empty or not valid
value-email-domain = the email domain is not valid
value-phone-chars = phone number has characters other than digits, spaces, +, -, ( and )
value-phone-length = phone number has the wrong number of digits
value-handle-length = handle is too short or too long for this platform
value-handle-chars = handle has characters this platform does not allow
value-platform = unknown social platform
value-amount = amount is not a number
value-amount-precision = amount has more than two decimals
value-amount-range = amount is too large
value-currency = currency must be a three-letter code such as TRY
value-date-format = date must be YYYY-MM-DD or DD.MM.YYYY
value-time-format = time must be a date and time such as 2024-05-01T10:00:00Z or 01.05.2024 13:00
value-date-invalid = this date does not exist
value-unknown = unknown value
value-number = not a whole number
value-too-long = is too long

tier-standard = Standard
tier-silver = Silver
tier-gold = Gold
tier-platinum = Platinum
channel-email = Email
channel-sms = SMS
channel-call = Phone call
channel-whatsapp = WhatsApp
sales-store = Store
sales-online = Online
sales-app = Mobile app
sales-phone = Phone
sales-marketplace = Marketplace
interaction-call = Call
interaction-email = Email
interaction-visit = Visit
interaction-social = Social message
interaction-note = Note
direction-inbound = Inbound
direction-outbound = Outbound
direction-internal = Internal

## Storage errors (src/storage/idb.rs)
storage-error-unsupported = This browser cannot store data (IndexedDB is unavailable, for example in some private windows).
storage-error-quota = The browser's storage for ilgi is full. Free space or ask for persistent storage in Settings.
storage-error-newer = A newer version of ilgi has upgraded the database. Reload this tab.
storage-error-closed = The database was closed because ilgi was upgraded in another tab. Reload this tab.
storage-error-not-open = The database is not open in this tab (it is still opening, or opening failed). Reload this tab.
storage-error-inactive = The browser had already ended the database transaction, so this step could not be done; nothing from it was saved. Try again.
storage-error-invalid-state = The browser refused this in the database's current state (for example while it is being upgraded). Reload this tab and try again.
storage-error-constraint = This would create a duplicate (for example the same external id twice). Nothing was saved.
storage-error-data = Stored data could not be read or written. Nothing was saved.
storage-error-aborted = The write was cancelled; nothing was saved.
storage-error-other = The browser could not save or read the data.
storage-error-conflict = Someone changed the same fields meanwhile (in another tab or on another device). Nothing was saved; the form now shows their values — check them and save again. Fields:
storage-error-gone = This record was deleted meanwhile (in another tab or on another device). Nothing was saved.
storage-error-drift = A change from another device is dated too far in the future: that device's clock is wrong. Nothing from this sync was saved; fix the clock on that device.
storage-blocked = ilgi needs to upgrade its database, but another ilgi tab still has it open. Close the other ilgi tabs (or reload them); this tab continues by itself.
storage-other-tab-upgraded = ilgi was upgraded in another tab. Reload this tab to keep working; changes here can no longer be saved.
data-pending = Changes not yet synced
data-pending-help = Every change is queued here until a sync server confirms it. Without a server it stays on this device.
data-unsent-warning = { $count } changes on this device have not been synced yet. Replacing or resetting the data deletes them for good.

## Customers (src/pages/customers, src/components/customers)
loading = Loading…
save = Save
cancel = Cancel
job-cancel = Cancel
job-progress = { $done } of { $total }
customers-new = New customer
customers-import = Import CSV
customers-search-label = Search customers
customers-search-placeholder = Search by name, email, phone, @handle, city…
customers-count = { $count ->
    [one] { $shown } customer
   *[other] { $shown } customers
}
customers-found = { $count ->
    [one] { $shown } match
   *[other] { $shown } matches
} of { $total ->
    [one] { $totalShown } customer
   *[other] { $totalShown } customers
}
customers-loading = Reading customers… { $read } so far
customers-opening = Opening the database…
customers-unavailable = The customer database is not available.
filter-tier = Tier
filter-city = City
filter-tag = Tag
filter-social = Social
filter-any = Any
filter-social-yes = Has a social profile
filter-social-no = No social profile
sort-label = Sort by
sort-descending = Descending
pager-label = Pages
pager-prev = Previous
pager-next = Next
pager-of = Page { $page } of { $pages }
col-name = Name
col-contact = Contact
col-city = City
col-tier = Tier
col-social = Social
col-date = Date
col-product = Product
col-category = Category
col-channel = Channel
col-amount = Amount
followers = { $count ->
    [one] { $shown } follower
   *[other] { $shown } followers
}
demo-title = Your customer database is empty
demo-intro = Load realistic demo data (Turkish customers, two years of purchases, social profiles, consents and a timeline) to explore ilgi, or import your own CSV.
demo-size = Size
demo-size-option = { $shown } customers
demo-load = Load demo data
demo-loading = Loading demo data
demo-loaded = Demo data loaded.
demo-cancelled = Demo data loading was cancelled; what was written so far is kept. Use Reset in Settings to clear it.
customer-back = ← All customers
customer-missing = This customer does not exist (it may have been deleted).
customer-edit = Edit
customer-delete = Delete
customer-delete-confirm = Delete this customer with their purchases and timeline?
customer-delete-yes = Yes, delete
customer-deleted = The customer was deleted.
customer-contact = Contact
customer-identities = Social identities
customer-consents = Consents
customer-purchases = { $count ->
    [one] One purchase
   *[other] { $count } purchases
}, { $total } in total
customer-timeline = Timeline
customer-new-title = New customer
customer-edit-title = Edit customer
consent-granted = granted on { $when } ({ $source })
consent-withdrawn = withdrawn on { $when } ({ $source })
consent-none = not asked
consent-history = Every decision ({ $count })
consent-unknown = Not asked
consent-yes = Granted
consent-no = Withdrawn
field-first-name = First name
field-last-name = Last name
field-emails = Emails
field-phones = Phones
field-city = City
field-tier = Tier
field-tags = Tags
field-products = Products and devices owned
field-owner = Owner
field-external-id = External id
field-platform = Platform
field-handle = Handle
field-followers = Followers
field-list-hint = Separate several with commas.
field-phone-hint = Turkish numbers may be written as 0532 123 45 67.
identity-add = Add a social identity
form-has-errors = Some fields need fixing; see the messages next to them.

## CSV import and export (crates/core/src/csv_io)
import-no-space = This import needs about { $needed } of browser storage, but only { $available } is free for ilgi. Nothing was written. Free some space (for example other sites' data in the browser settings) or import a smaller file.
import-error-empty = The file is empty: there is no header row.
import-error-syntax = The file could not be read as CSV.
import-reason-missing-column = No column is mapped to this required field
import-reason-missing-value = A required value is empty
import-reason-unknown-customer = No customer matches this reference
import-reason-cell-count = The row has { $found } cells but the header has { $expected }
import-reason-duplicate = Same id as line { $line } of this file
import-reason-bad-id = Not a valid ilgi id
import-reason-consent-history = The consent history is not in the format ilgi exports
import-reason-followers-without-handle = More follower counts than handles
import-reason-before-created = Is before the creation time
import-report-line = line
import-report-column = column
import-report-value = value
import-report-reason = reason
import-field-ignore = Do not import
import-field-id = ilgi id
import-field-external-id = Customer number
import-field-first-name = First name
import-field-last-name = Last name
import-field-full-name = Full name
import-field-email = Email
import-field-phone = Phone
import-field-city = City
import-field-tier = Tier
import-field-tags = Tags
import-field-products = Products and devices
import-field-owner = Owner
import-field-handle-instagram = Instagram handle
import-field-handle-x = X (Twitter) handle
import-field-handle-facebook = Facebook handle
import-field-handle-tiktok = TikTok handle
import-field-handle-youtube = YouTube handle
import-field-handle-linkedin = LinkedIn handle
import-field-followers-instagram = Instagram followers
import-field-followers-x = X (Twitter) followers
import-field-followers-facebook = Facebook followers
import-field-followers-tiktok = TikTok followers
import-field-followers-youtube = YouTube subscribers
import-field-followers-linkedin = LinkedIn followers
import-field-consent-email = Email consent
import-field-consent-sms = SMS consent
import-field-consent-call = Phone call consent
import-field-consent-whatsapp = WhatsApp consent
import-field-consent-history = Consent history
import-field-created-at = Created on
import-field-custom = Custom field
import-field-order-id = Order line number
import-field-customer-uuid = Customer's ilgi id
import-field-customer-external-id = Customer number
import-field-customer-email = Customer's email
import-field-customer-phone = Customer's phone
import-field-date = Date
import-field-amount = Amount
import-field-currency = Currency
import-field-sku = SKU
import-field-product = Product
import-field-category = Category
import-field-channel = Sales channel

## Import page (src/pages/customers/import.rs)
import-title = Import from CSV
import-intro = Import customers or purchases from a CSV file (comma, semicolon or tab separated; UTF-8 or Windows-1254 as Turkish Excel saves it). Rows that match a stored customer by id, customer number, email or phone update that customer instead of creating a copy. Nothing is saved unless the whole import succeeds.
import-kind = The file holds
import-kind-customers = Customers
import-kind-purchases = Purchases
import-file = CSV file
import-mapping-title = Columns
import-file-summary = { $file }: { $shown } rows, { $encoding }, separated by { $delimiter }
import-col-header = Column in the file
import-col-sample = First value
import-col-target = Import as
import-start = Import
import-running = Importing
import-phase-reading = Reading rows
mentions-phase-reading = Reading posts and matching their authors
import-phase-matching = Matching with stored data
import-phase-writing = Saving
import-report-title = Import report
import-created = Created: { $count }
import-updated = Updated: { $count }
import-unchanged = Already up to date: { $count }
import-rejected = Rejected rows: { $shown }
import-cancelled = The import was cancelled; nothing was saved.
import-done = Import finished.
import-report-download = Download the report (CSV)
import-more-rejected = { $count } more rejected rows are in the downloadable report.
download-failed = The file could not be saved:

## Data card (src/components/data)
data-title = Your data
data-counts = { $customerCount ->
    [one] { $customers } customer
   *[other] { $customers } customers
}, { $purchaseCount ->
    [one] { $purchases } purchase
   *[other] { $purchases } purchases
}, { $interactionCount ->
    [one] { $interactions } timeline entry
   *[other] { $interactions } timeline entries
} on this device; { $outboxCount ->
    [one] { $outbox } change
   *[other] { $outbox } changes
} waiting to sync.
data-export-customers = Export customers (CSV)
data-export-purchases = Export purchases (CSV)
data-working = Preparing the file
data-reset-title = Reset
data-reset-intro = Delete every customer, purchase and timeline entry stored in this browser. Export or back up first if you need them.
data-reset = Reset this device's data
data-reset-confirm = Delete all data on this device? This cannot be undone.
data-reset-yes = Yes, delete everything
data-reset-done = All data on this device was deleted.

## Backup validation (crates/core/src/backup)
backup-missing-header = The file is empty: there is no header line.
backup-not-a-backup = This file is not an ilgi backup.
backup-newer-version = This backup was made by a newer ilgi. Update the app to restore it.
backup-bad-header = The header line is damaged.
backup-truncated = The line stops in the middle of a record (the file is cut off).
backup-bad-record = The line is not a valid record.
backup-count-mismatch = The number of records does not match the header.
backup-duplicate-id = The same id appears more than once.
backup-missing-customer = The record belongs to a customer that is not in the backup.
backup-missing-case = The event belongs to a case that is not in the backup.
backup-not-utf8 = The file is not UTF-8 text: the first invalid byte is at byte { $offset }. Restore the backup file exactly as ilgi saved it (an editor may have saved it in another encoding).
backup-more-errors = { $count ->
    [one] …and one more problem
   *[other] …and { $count } more problems
}

## Customer list sort options (crates/core/src/query)
query-sort-name = Name
query-sort-city = City
query-sort-tier = Tier
query-sort-created = Date added
query-sort-updated = Last changed
query-sort-followers = Followers

## Backup (src/components/data, src/jobs/backup.rs)
backup-title = Backup and restore
backup-intro = A backup is one file with every customer, purchase, timeline entry and saved segment (including deletions, for sync), each with its version. Restoring checks the whole file first and writes nothing if anything is wrong; then it either merges the backup with this device's data (the newer value of each field wins) or replaces everything.
backup-download = Download a backup
backup-restore = Restore from a backup…
backup-restore-confirm = Restore { $file }? Merge keeps the newer value of every field (nothing newer on this device is lost); Replace everything deletes this device's data first.
backup-restore-yes = Merge
backup-restore-replace = Replace everything
backup-restored = The backup was restored.
backup-restore-cancelled = The restore was cancelled; nothing changed.
backup-invalid = This file cannot be restored; nothing was changed:
backup-error-line = Line { $line }: { $problem }
backup-phase-checking = Checking the backup
backup-phase-writing = Restoring
interaction-kind = Kind
interaction-direction = Direction
interaction-text = What happened
interaction-placeholder = e.g. Called about the 3G complaint; promised a callback tomorrow
interaction-add = Add to timeline
interaction-text-required = Write what happened first.
customer-no-purchases = No purchases yet
customer-mixed-currencies = several currencies
customer-no-identities = No social profiles known.

## Dashboard (src/pages/dashboard.rs)
dashboard-empty = There are no customers yet. Load the demo data or import your customers to see segments here.
dashboard-computing = Analysing customers and purchases
dashboard-cached = Figures from the last analysis, { $date }; the current analysis is running.
dashboard-customers = customers
dashboard-purchases = purchases
dashboard-scored = customers with purchases (RFM-scored)
dashboard-segments-title = Customers per RFM segment
dashboard-segments-intro = Recency, frequency and monetary value as of { $date }, scored in quintiles across customers who have bought something.
dashboard-axis-customers = Customers
dashboard-actions-title = What to do for each segment
dashboard-col-segment = Segment
dashboard-col-customers = Customers
dashboard-col-action = Recommended action
dashboard-no-purchases = No purchases yet
dashboard-no-purchases-tip = Customers without a purchase: welcome them and make a first offer.

## RFM segments and recommended actions (crates/core/src/rfm)
rfm-segment-champions = Champions
rfm-segment-loyal = Loyal Customers
rfm-segment-potential_loyalists = Potential Loyalists
rfm-segment-new = New Customers
rfm-segment-promising = Promising
rfm-segment-need_attention = Need Attention
rfm-segment-about_to_sleep = About to Sleep
rfm-segment-at_risk = At Risk
rfm-segment-cannot_lose_them = Cannot Lose Them
rfm-segment-hibernating = Hibernating
rfm-action-champions = Your best customers: they bought recently and often. Thank them personally, give them early access to new products and VIP perks, and invite them to a referral programme — they are your most credible voices on social media.
rfm-action-loyal = They buy regularly. Enrol them in your loyalty programme, suggest higher-value products and bundles that go with what they buy, and ask them for a review.
rfm-action-potential_loyalists = Recent customers who have already come back. Offer a membership or loyalty card and recommend products that complement their purchases, so the second purchase becomes a habit.
rfm-action-new = They bought for the first time very recently. Welcome them: a thank-you message, tips for getting the most out of the product, and an incentive for a second purchase within a month.
rfm-action-promising = One purchase, fairly recently. Ask whether they are satisfied, invite them to follow your social media accounts and send a limited-time offer for their second purchase.
rfm-action-need_attention = Average customers whose visits are slowing down. Reach out before they drift away with a personalised, time-limited offer based on what they bought, and ask how you could serve them better.
rfm-action-about_to_sleep = Few purchases, and none lately. Remind them of you with popular products and a discount, and share useful content to revive their interest before you lose them.
rfm-action-at_risk = They used to buy often but have not come back for a long time. Send a personal retention offer (for example a discount on what they used to buy), ask whether something went wrong and check for unresolved complaints.
rfm-action-cannot_lose_them = They were among your most frequent buyers and have gone quiet. Win them back with a personal call from a manager: find out why they left, put it right and make a generous offer. Do not send them generic campaigns.
rfm-action-hibernating = Few purchases, long ago. Spend little here: include them in low-cost general campaigns with one reactivation offer, and stop contacting them if they do not respond.

## Lifetime value models (crates/core/src/clv)
clv-error-too-few-customers = Too few customers to estimate lifetime value: { $found }, at least { $needed } are needed.
clv-error-no-repeat-buyers = No customer has bought more than once yet, so repeat buying cannot be estimated.
clv-error-not-converged = The lifetime value model did not settle after { $iterations } steps; try again with a longer purchase history.
clv-error-degenerate = Lifetime value cannot be estimated from these purchases ({ $detail }).

## Next best offer (crates/core/src/nbo)
nbo-title = Next best offers
nbo-reason-bought-with = Bought { $x }; customers who buy { $x } buy { $y } { $lift }× more often
nbo-reason-popular = Popular with our customers

## Value analysis, segments builder and dashboard views (app)
insights-phase-reading = Reading customers and purchases
insights-computing = Computing customer value
value-title = Customer value
value-clv = Lifetime value (12 months)
value-p-alive = Still active (P(alive))
value-expected-90d = Expected purchases, next 90 days
value-rfm = RFM segment
value-last-purchase = Last purchase
figure-unknown = —
value-offers = Next best offers
value-no-offers = No offer yet: there are not enough purchases to learn from.
dashboard-total-clv = predicted value of the next 12 months
dashboard-mean-alive = mean chance that a buyer is still active
dashboard-analysis-failed = The analysis could not be completed. It will run again when the data changes, or now if you try again.
dashboard-model-error = Lifetime value could not be estimated for this data:
dashboard-currency-main = Amounts are in { $currency }: purchases in other currencies are never added to them.
dashboard-currency-other = Also found: { $count ->
    [one] { $shown } purchase
   *[other] { $shown } purchases
} in { $currency } (total { $total }), not included in the value figures.
dashboard-step-selection = Selection: who are our valuable customers?
dashboard-step-acquisition = Acquisition: how many new customers do we win?
dashboard-step-retention = Retention: who stays, who is slipping away?
dashboard-step-deepening = Deepening: where does our customers' money go?
dashboard-clv-title = Customer lifetime value distribution
dashboard-clv-intro = Predicted, discounted value of each customer's purchases over the next 12 months (BG/NBD and Gamma-Gamma models).
dashboard-clv-bin-tip = { $range }: { $count ->
    [one] { $shown } customer
   *[other] { $shown } customers
}
dashboard-clv-unvalued = { $count ->
    [0] Every customer with purchases has a value.
    [one] { $shown } customer has no value estimate (no purchases).
   *[other] { $shown } customers have no value estimate (no purchases).
}
dashboard-new-title = New customers per month
dashboard-new-intro = Customers by the month of their first purchase, last 24 months.
dashboard-new-tip = { $month }: { $count ->
    [one] { $shown } new customer
   *[other] { $shown } new customers
}
dashboard-axis-new-customers = New customers
dashboard-cohorts-title = Monthly cohort retention
dashboard-cohorts-intro = Each row is the customers who first bought in that month; each column the share of them who bought again n months later.
dashboard-cohort = First purchase
dashboard-cohort-size = Customers
dashboard-cohort-month = Month { $n }
dashboard-cohort-tip = { $share } of the cohort bought in this month
dashboard-slipping-title = Valuable but slipping
dashboard-slipping-intro = Customers in the top fifth by lifetime value whose chance of still being active fell by 20 points or more over the last 90 days. Call them before they are gone.
dashboard-slipping-none = No valuable customer is slipping right now.
dashboard-alive-before = Active 90 days ago
dashboard-alive-now = Active now
dashboard-categories-title = Share of wallet by category
dashboard-categories-intro = Each category's share of revenue, how many buyers it reaches, and the share of a buyer's spending with us that goes to it.
dashboard-category-tip = { $category }: { $share } of revenue; { $wallet } of its buyers' spending
dashboard-axis-revenue-share = Share of revenue
dashboard-category = Category
dashboard-revenue = Revenue
dashboard-revenue-share = Share of revenue
dashboard-buyers = Buyers
dashboard-wallet-share = Share of buyers' wallet
dashboard-no-category = No category
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
segment-new = New segment
segments-intro = Groups of customers by rules over their data and value. Saved segments are shared with your team when you sync.
segments-empty = No saved segments yet. Create one to group customers by value, activity or anything you know about them.
segment-name = Name
segment-description = Description
segment-rule = Rule
segment-members = Members
segment-untitled = Untitled segment
segment-back = ← Segments
segment-missing = This segment does not exist (it may have been deleted).
segment-pick-one = Pick at least one value.
segment-fix-conditions = Some conditions are not complete yet: see the messages next to them.
segment-saved = Segment saved.
segment-deleted = Segment deleted.
segment-save = Save segment
segment-delete = Delete segment
segment-delete-confirm = Delete this segment? The customers stay.
segment-name-missing = Give the segment a name.
segment-count = { $count ->
    [one] { $shown } customer matches
   *[other] { $shown } customers match
}
segment-count-unknown = Complete the rule to see who matches.
segment-export = Export members (CSV)
segment-exporting = Preparing the member list
segment-showing = Showing the { $shown } most valuable of { $total }.
segment-show-more = Show { $n } more
segment-join-label = How conditions combine
segment-remove-group = Remove group
segment-add-condition = + Condition
segment-add-group = + Group
segment-hint-money = amount in ₺, e.g. 1.500
segment-hint-percent = percent, 0–100
segment-hint-days = days
segment-hint-number = number
segment-hint-text = text
segment-value-label = Value
segment-field-label = Field
segment-op-label = Operator
segment-remove-condition = Remove condition

## Rule segments (core)
segment-join-all = All of these conditions
segment-join-any = Any of these conditions
segment-word-and = and
segment-word-or = or
segment-field-rfm-segment = RFM segment
segment-field-r-score = Recency score (R)
segment-field-f-score = Frequency score (F)
segment-field-m-score = Monetary score (M)
segment-field-total-spent = Total spent
segment-field-purchase-count = Number of purchases
segment-field-days-since-last-purchase = Days since last purchase
segment-field-clv = Lifetime value (CLV)
segment-field-p-alive = Chance still active
segment-field-expected-purchases-90d = Expected purchases (90 days)
segment-field-product-owned = Product owned
segment-field-tier = Tier
segment-field-city = City
segment-field-tag = Tag
segment-field-social-platform = Social platform
segment-field-followers = Followers
segment-field-days-since-created = Days as a customer
segment-op-eq = equals
segment-op-ne = does not equal
segment-op-lt = less than
segment-op-le = at most
segment-op-gt = more than
segment-op-ge = at least
segment-op-in = is one of
segment-op-not-in = is none of
segment-op-is = is
segment-op-is-not = is not
segment-op-contains = contains
segment-op-not-contains = does not contain
segment-op-has-any = has any
segment-rule-at-condition = Condition { $n }
segment-rule-at-condition-in-group = Condition { $n } in group { $group }
segment-rule-at-group = Group { $group }
segment-rule-op-not-allowed = “{ $op }” cannot be used with { $field }
segment-rule-needs-number = { $field } needs a number
segment-rule-not-finite = { $field } needs a valid number
segment-rule-needs-text = { $field } needs a text to compare with
segment-rule-needs-choices = { $field } needs at least one choice
segment-rule-unknown-choice = { $field } has no option “{ $value }”
segment-rule-no-value = “{ $op }” takes no value
segment-rule-too-deep = groups can be nested at most { $max } levels deep
segment-value-empty = enter a value
segment-value-not-a-number = is not a number
segment-value-not-whole = must be a whole number
segment-value-decimals = has more than two decimals
segment-value-too-large = is too large
segment-value-negative = must be 0 or more
segment-value-range = must be between { $min } and { $max }
segment-value-unknown-choice = “{ $value }” is not one of the options
segment-value-operator = this operator cannot be used with this field
segment-error-newer-format = This segment was saved by a newer version of ilgi (format { $found }, this version reads up to { $supported }). Update the app to open it.
segment-error-bad-format = The segment definition has no valid format version.
segment-error-damaged = The segment definition is damaged and cannot be opened.
segment-describe-everyone = All customers
segment-describe-in = { $field } is { $values }
segment-describe-not-in = { $field } is not { $values }
segment-describe-is = { $field } is “{ $value }”
segment-describe-is-not = { $field } is not “{ $value }”
segment-describe-contains = { $field } contains “{ $value }”
segment-describe-not-contains = { $field } does not contain “{ $value }”
segment-describe-has-any-tag = Has a tag
segment-describe-has-any-product = Owns a product
segment-describe-has-any-social = Has a social media account
segment-describe-money = ₺{ $amount }
segment-describe-percent = { $n }%
segment-describe-days =
    { $count ->
        [one] { $n } day
       *[other] { $n } days
    }

## Value analysis (core)
value-phase-group = Grouping purchases by customer
value-phase-rfm = Scoring recency, frequency and spend
value-phase-summaries = Summarising purchase histories
value-phase-fit-purchases = Fitting the repeat-purchase model
value-phase-fit-spend = Fitting the spend model
value-phase-customers = Valuing each customer
value-phase-offers = Learning next best offers
value-phase-views = Preparing the charts
value-category-none = No category
value-clv-bin-open = { $from } or more

# SLA calendars
holiday-new-year = New Year's Day
holiday-national-sovereignty = National Sovereignty and Children's Day
holiday-labour-day = Labour and Solidarity Day
holiday-ataturk-youth-sports = Commemoration of Atatürk, Youth and Sports Day
holiday-democracy-unity = Democracy and National Unity Day
holiday-victory-day = Victory Day
holiday-republic-day-eve = Republic Day Eve
holiday-republic-day = Republic Day
holiday-ramazan-bayrami-eve = Ramadan Feast Eve
holiday-ramazan-bayrami = Ramadan Feast
holiday-kurban-bayrami-eve = Sacrifice Feast Eve
holiday-kurban-bayrami = Sacrifice Feast

# Complaint cases
level-immediate = Immediate
level-very-urgent = Very urgent
level-urgent = Urgent
level-standard = Standard
level-non-urgent = Non-urgent
case-channel-social = Social media
case-channel-phone = Phone
case-channel-email = Email
case-channel-web = Web form
case-channel-store = Store
case-category-connectivity = Connection
case-category-device = Device
case-category-billing = Billing
case-category-delivery = Orders and delivery
case-category-sales = Sales
case-category-service = Service
case-category-other = Other
case-status-open = Open
case-status-in-progress = In progress
case-status-waiting = Waiting on customer
case-status-resolved = Resolved
case-status-closed = Closed
case-event-created = Complaint recorded
case-event-triaged = Triaged
case-event-routed = Sent to a department
case-event-rejected = Not our department
case-event-reassigned = Assigned
case-event-replied = Replied
case-event-waiting = Waiting on the customer
case-event-customer-responded = The customer answered
case-event-escalated = Escalated
case-event-resolved = Resolved
case-event-reopened = Reopened
case-event-closed = Closed
escalation-team-lead = Team lead
escalation-department-manager = Department manager
escalation-upper-management = Upper management
escalation-cause-first-response = First response target missed
escalation-cause-resolution = Resolution target missed
escalation-cause-bounced = Bounced between departments three times
escalation-cause-manual = Escalated by hand
department-care = Customer care
department-technical = Technical support
department-billing = Billing
department-sales = Sales
department-logistics = Logistics
department-management = Management
case-error-not-created = The case has not been recorded yet.
case-error-already-created = The case was already recorded.
case-error-closed = The case is closed: reopen it first.
case-error-resolved = The case is resolved: reopen it first.
case-error-same-department = The case is already in that department.
case-error-not-your-case = Only the department that has the case can reject it.
case-error-no-department = Name the department the case belongs to.
case-error-no-reason = Say why.
case-error-empty-reply = Write the reply first.
case-error-not-waiting = The case is not waiting on the customer.
case-error-already-waiting = The case is already waiting on the customer.
case-error-already-escalated = The case is already escalated that far.
case-error-top-of-chain = The case is already with upper management.
case-error-not-resolved-or-closed = Only a resolved or closed case can be reopened.
case-error-not-resolved = Only a resolved case can be closed.
case-error-before-last = This happened before the last step of the case.
cases-intro = Every complaint gets a number and lands in the responsible department's inbox, triaged by rules prepared in advance. The clocks count business hours.
case-new = New case
case-new-title = Record a complaint
cases-back = ← All cases
cases-inbox-all = All
cases-inbox-escalated = Escalated
cases-active-only = Open cases only
cases-unassigned-only = Not assigned yet
cases-every-level = Every level
cases-empty = No cases here.
case-number = Number
case-level = Level
case-text = Complaint
case-department = Department
case-status = Status
case-due = Next target
case-hours-minutes = { $h } h { $m } min
case-minutes = { $m } min
case-late = { $span } late
case-left = in { $span }
case-who = Who complains
case-customer-change = Change
case-customer-search = Find the customer
case-author = Or an unknown author (handle or name)
case-channel = Channel
case-category = Category
case-category-detect = Detect from the text
case-text-required = Write what the complaint is.
case-products = Products involved (comma-separated)
case-public = Written in public
case-reach = Author's followers
case-triage = Triage
case-reason-default = No rule matched: the default level.
case-reason-at-least = at least { $level }
case-save = Record the case
case-missing = This case does not exist.
case-event-rejected-detail = { $from } → { $to }: { $reason }
case-escalated-to = Escalated to { $step }
case-complaint = Complaint
case-public-reach = { $reach ->
    [one] public, 1 follower
   *[other] public, { $reach } followers
}
case-why = Why this level
case-clocks = Targets
case-first-response = First response
case-resolution = Resolution
case-per-department = Time per department
case-breached = Missed
case-met = Met
case-paused = Paused while waiting on the customer
case-warning = Less than a fifth of the time is left.
case-customer = Customer
case-procedure = Procedure
case-use-template = Use this reply
case-actions = Next step
case-reply = Reply
case-send-reply = Send reply
case-wait = Wait on customer
case-responded = Customer answered
case-escalate = Escalate
case-reject = Not our department
case-reject-to = Responsible department
case-reject-reason = Why it is theirs
case-reject-send = Send to that department
case-assignee = Assigned to
case-assign = Assign
case-note = Note or reason
case-resolve = Resolve
case-reopen = Reopen
case-close = Close
case-journey = Journey
case-event-set-aside = set aside: it did not fit where it happened
cases-ticked = { $count } ticked
cases-showing = Showing the first { $shown } of { $total }.
cases-assign-ticked = Assign the ticked cases
cases-keys = Keyboard shortcuts
cases-key-move = next / previous case
cases-key-open = open the case
cases-key-tick = tick the case
cases-key-assign = assign the ticked cases
cases-key-reply = reply to the case
cases-key-help = show these keys
cases-tick = Tick
close = Close
cases-assign-in-turn = Assign the unassigned in turn
rules-title = Triage rules
rules-intro = What triage decides by, prepared in advance: each level's targets in business minutes, the departments and who works in them, and the rules in order. Saving checks the whole set and raises its version; each case keeps the version that triaged it.
rules-version = Rule set, version { $version }
rules-first-response-minutes = First response (min)
rules-resolution-minutes = Resolution (min)
rules-around-the-clock = Every minute counts (24/7)
rules-departments = Departments
rules-department-name = Name
rules-agents = People (comma-separated, in turn order)
rules-cap = Most open cases each (0: no limit)
rules-rules = Rules, in order
rules-save = Save the rules
rules-download = Download as JSON
rules-saved = The rules were saved.
rules-upload = Open a rule set (JSON)…
rules-uploaded = The rule set from the file is shown: check it, then save.
rules-upload-bad-json = { $name } is not a rule set: line { $line }, column { $column }: { $detail }
rules-problem-newer-format = written by a newer ilgi (format { $found }; this version reads up to { $supported })
rules-problem-no-targets = level { $level } has no targets
rules-problem-resolution-shorter = the resolution target ({ $resolution } min) is shorter than the first response target ({ $first } min)
rules-problem-first-response-zero = the first response target must be at least 1 minute
rules-problem-empty = must not be empty
rules-problem-used-twice = “{ $id }” is used twice
rules-problem-unknown-department = “{ $id }” is not a department of the set
rules-problem-required-department = “{ $id }” is required: it is the fallback inbox or the end of every escalation
rules-problem-calendar = business hours are not valid ({ $detail })
rules-problem-no-keyword = enter at least one keyword
rules-problem-no-product = enter a product name
rules-problem-hours = hours are from 0 to 24
rules-problem-no-choice = tick at least one option
rules-problem-probability = a probability is between 0 and 1
rules-problem-not-a-number = not a number
rules-routing = Routing, in order
rules-routing-intro = The first routing rule whose conditions all hold names the department; when none holds the case goes to Customer care.
rules-rules-intro = Level rules are tried in order and the first that holds sets the level. A rule marked "at least" is a discriminator: every one that holds raises the level to at least its own.
rules-rule-name = Rule name
rules-at-least = At least (discriminator)
rules-add-rule = Add a level rule
rules-add-discriminator = Add a discriminator
rules-add-route = Add a routing rule
rules-new-rule = New rule
rules-new-route = New routing rule
rules-route-to = Send to
rules-move-up = Move up
rules-move-down = Move down
rules-remove = Remove
rules-conditions = When all of these hold
rules-always = No condition yet: always holds.
rules-add-condition = Add a condition…
rules-condition-kind = Condition
rules-condition-value = Value
rules-yes = Yes
rules-no = No
rules-department-add = Add a department
rules-department-new-name = New department's name
rules-department-remove = Remove department
rules-department-in-use = Customer care and Management cannot be removed, nor a department a routing rule sends cases to.
rules-calendar = Business hours
rules-calendar-default = Türkiye's default: Monday–Friday 09:00–18:00, half days 09:00–13:00, closed on public holidays.
rules-calendar-own = Own business hours
rules-calendar-always = Open around the clock (24/7)
rules-calendar-holidays = Closed on Türkiye's public holidays (their eves are half days)
rules-calendar-half-day = Half-day hours
rules-calendar-hours-help = HH:MM-HH:MM; empty: closed.
rules-calendar-closed = Extra closed days
rules-calendar-half-days = Extra half days
rules-calendar-dates-help = Dates separated by commas (2026-12-31, 02.01.2027).
rules-edit-number = Enter a number of zero or more.
rules-edit-probability = Enter a probability between 0 and 1.
rules-edit-empty = Enter at least one word.
rules-edit-hours = Enter two hours between 0 and 24, such as 18-9.
rules-edit-day-hours = Enter opening and closing times such as 09:00-18:00, closing after opening.
rules-edit-date = Not a date: { $value }
cond-tier = Customer tier is
cond-rfm-segment = RFM segment is
cond-clv-at-least = Lifetime value (12 months) at least
cond-p-alive-below = Probability still active below
cond-owns-product = Owns a product named
cond-open-cases-at-least = Open cases at least
cond-recent-cases-at-least = Recent cases at least
cond-category = Category is
cond-keywords = Text contains (comma-separated)
cond-channel = Channel is
cond-public = Written in public
cond-reach-over = Author's reach over
cond-hours = Between hours (local)
cond-weekend = On a weekend
weekday-monday = Monday
weekday-tuesday = Tuesday
weekday-wednesday = Wednesday
weekday-thursday = Thursday
weekday-friday = Friday
weekday-saturday = Saturday
weekday-sunday = Sunday
reports-title = Reports
reports-cases = Cases
reports-open = Open cases
reports-median-first-response = Median first response
reports-median-resolution = Median resolution
reports-compliance = Targets met, by department and level
reports-chart-first-response = First responses on time, by department
reports-chart-resolution = Resolved on time, by level
reports-share-on-time = Share on time (%)
reports-first-response-met = First response on time
reports-resolution-met = Resolved on time
reports-backlog = Open cases by age
reports-hand-offs = Hand-offs between departments
reports-bounced = { $times ->
    [one] Bounced once
   *[other] Bounced { $times } times
}
reports-age = Waiting for
reports-hand-offs-col = Sent back
reports-step = Step
reports-escalations = Escalations
age-under-1-day = Under a day
age-1-3-days = 1–3 days
age-3-7-days = 3–7 days
age-7-30-days = 7–30 days
age-over-30-days = Over 30 days
cases-import = Import cases from a CSV file
cases-import-help = Columns: case id, customer id (the customers' own numbers; empty for an unknown author), channel, text, public, followers, created at; optionally category, products and resolved at (a complaint already handled is recorded resolved, so it neither waits in an inbox nor escalates). Each row is triaged with the current rules. A case id already recorded is skipped.
cases-import-file = CSV file
cases-import-result = { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}: { $created ->
    [one] 1 case recorded
   *[other] { $created } cases recorded
}, { $already } already there, { $rejected ->
    [one] 1 problem
   *[other] { $rejected } problems
}.

## Sync (issue 11)
storage-error-read-only = This account may read the workspace but not change it (viewer). Nothing was saved.
sync-title = Sync and team
sync-intro = Sign in to a sync server to share a workspace with your team across browsers and devices. Without one, ilgi keeps working on this device only; changes made offline are sent when you are back online.
sync-sign-in = Sign in
sync-sign-up = Create a workspace
sync-accept = Accept an invitation
sync-accept-title = Join a workspace
sync-server = Server address
sync-workspace = Workspace name
sync-email = Email
sync-password = Password
sync-code = Invitation code
sync-keep-title = { $count ->
    [one] This device holds one record. What should happen to it?
   *[other] This device holds { $shown } records. What should happen to them?
}
sync-keep-local = Add this device's data to the workspace
sync-keep-workspace = Start from the workspace's data (this device's data is deleted)
sync-signup-sends = { $count ->
    [one] The record on this device goes to the new workspace.
   *[other] The { $shown } records on this device go to the new workspace.
}
sync-joining = Preparing this device's data for the workspace
sync-bootstrap = Taking the workspace's data
sync-bootstrap-progress = Taking the workspace's data: { $done } of { $total }
sync-signed-in-as = Signed in as { $email } ({ $role }) in the workspace “{ $workspace }”.
sync-server-is = Server: { $server }
sync-role = Role
sync-role-admin = admin
sync-role-agent = agent
sync-role-viewer = viewer
sync-viewer-note = As a viewer you see the workspace's data but cannot change it.
sync-now = Sync now
sync-retry = Retry
sync-sign-out = Sign out
sync-sign-out-title = Sign out of this workspace on this device
sync-sign-out-keep = Keep the data on this device
sync-sign-out-erase = Erase the data on this device
sync-sign-out-unsent = { $count ->
    [one] One change has not reached the server yet. If you erase the data, it is lost.
   *[other] { $shown } changes have not reached the server yet. If you erase the data, they are lost.
}
sync-waiting = { $count ->
    [one] one change waiting
   *[other] { $shown } changes waiting
}
sync-phase-signed-out = Not syncing
sync-phase-syncing = Syncing…
sync-phase-offline = Offline: changes wait on this device
sync-phase-sign-in-again = Session ended: sign in again
sync-phase-failed = Sync failed: { $message }
sync-phase-synced = { $minutes ->
    [0] Synced just now
    [one] Synced a minute ago
   *[other] Synced { $minutes } minutes ago
}
sync-refused = The server refused a change ({ $field }): { $message }. Later changes wait behind it.
sync-clock-off = This device's clock is { $seconds } s away from the server's; set it right or new edits may lose to older ones.
sync-invite-title = Invite someone
sync-invite = Create invitation
sync-invite-code = Invitation code:
sync-error-with-detail = { $message } ({ $detail })
sync-error-network = The server could not be reached.
sync-error-unauthorized = Wrong email or password, or the session has ended.
sync-error-rate-limited = Too many attempts; wait a little and try again.
sync-error-email-taken = This email already has an account.
sync-error-invitation-not-found = There is no invitation with this code.
sync-error-invitation-used = This invitation has already been used.
sync-error-invitation-expired = This invitation has expired; ask for a new one.
sync-error-invalid = The server did not accept the values sent.
sync-error-protocol = This version of ilgi does not speak the server's sync protocol; update the app.
sync-error-forbidden = This account may not do that.
sync-error-server = The server had a problem; ilgi tries again by itself.
sync-error-refused = The server refused the request.
sync-short-offline = Offline
sync-short-waiting = { $shown } waiting

## Mentions
mentions-import = Import posts
mentions-tabs = Posts, review queue and prospects
mentions-tab-posts = All posts
mentions-tab-review = Review queue
mentions-tab-prospects = Prospects
mentions-filter = Show
mentions-filter-all = All posts
mentions-filter-complaints = Complaints
mentions-filter-negative = Negative posts
mentions-filter-unlinked = Not linked to a customer
mentions-empty = No posts yet. Import an export of posts, paste one in, or load the demo data.
mentions-more = Show more
mentions-review-help = Authors who may be customers. Confirm to link the post and add the handle to the customer; "Not them" is remembered and never suggested again.
mentions-review-empty = Nothing to review.
mentions-is-this = Is this the customer?
mentions-prospects-help = Authors who are not customers yet and ask about buying.
mentions-prospects-empty = No prospects.
mentions-add-lead = Add as lead
mention-private = private
mention-open-post = open the post
mention-complaint = complaint ({ $share })
mention-unlinked = not linked
mention-see-case = see the case
mention-open-case = Open a case
sentiment-positive = positive
sentiment-neutral = neutral
sentiment-negative = negative
match-reason-same-handle = same handle { $handle }
match-reason-same-name = same name
match-reason-same-common-name = same name (a common one)
match-reason-similar-name = similar name ({ $share })
match-reason-handle-spells-name = the handle spells the name ({ $share })
match-reason-same-city = same city
match-reason-different-city = another city
match-reason-buying-intent = asks about buying ("{ $cue }")
match-confirm = Yes, it is them
match-reject = Not them
match-confirmed = Linked: the post is on the customer's timeline.
match-rejected = Noted: this customer will not be suggested for this author again.
mention-field-post-id = Post id
mention-field-platform = Platform
mention-field-handle = Handle
mention-field-author = Author's name
mention-field-text = Text
mention-field-time = Time
mention-field-followers = Followers
mention-field-url = Post address
mention-field-public = Public
mention-field-private = Private
mention-field-language = Language
mention-field-ignore = (ignore)
mentions-back = ← Mentions
mentions-import-title = Import posts
mentions-import-intro = A CSV or JSON export of posts from X, Instagram, Facebook or any tool. Posts already here (same platform and post id) are skipped, authors are matched to customers, and every rejected row is reported.
mentions-file-summary = { $file }: { $shown } { $rows ->
    [one] row
   *[other] rows
}.
mentions-platform = Platform of the posts (the file has no platform column)
mentions-platform-fallback = Platform of rows without one
mentions-platform-none = (from the file)
mentions-created = { $count ->
    [one] { $shown } new post
   *[other] { $shown } new posts
}
mentions-already = { $count ->
    [one] { $shown } already here (skipped)
   *[other] { $shown } already here (skipped)
}
mentions-linked = { $count ->
    [one] { $shown } linked to a customer
   *[other] { $shown } linked to a customer
}
mentions-possible = { $count ->
    [one] { $shown } to review (possible match)
   *[other] { $shown } to review (possible matches)
}
mentions-prospects = { $count ->
    [one] { $shown } prospect
   *[other] { $shown } prospects
}
mentions-identities = { $count ->
    [one] { $shown } customer gained a social identity
   *[other] { $shown } customers gained a social identity
}
mentions-cases = { $count ->
    [one] { $shown } case opened by the automatic rule
   *[other] { $shown } cases opened by the automatic rule
}
mentions-to-review = Go to the review queue
paste-title = Add one post
paste-address = Post address
paste-save = Add the post
paste-saved = Post added.
paste-no-post-id = Give the post's address or its platform and post id.
paste-no-text = The post's text is required.
paste-bad-handle = The handle is not valid for this platform.
paste-bad-followers = Followers must be a whole number.
paste-already = This post is already here.
auto-case-title = Automatic cases
auto-case-on = (on)
auto-case-off = (off)
auto-case-help = When on, an imported or added post that is a complaint opens a case by itself, triaged like any other.
auto-case-enabled = Open cases automatically
auto-case-min-score = Complaint score at least (0–100)
auto-case-min-reach = Author's followers at least
auto-case-public-only = Public posts only
auto-case-invalid = The score must be 0–100 and the followers a whole number.
auto-case-saved = Automatic case rule saved.
timeline-post = { $platform } post

case-from-post = From a post by { $author } on { $platform }
## Social noise
noise-title = Social noise
noise-intro = What people say about you on social media: how many posts, in what mood, about which topics, which topics suddenly grew, and who reaches the most people.
noise-tabs-label = Mentions pages
noise-tab-posts = Posts
noise-tab-noise = Social noise
noise-window = Period
noise-window-days = Last { $days } days
noise-computing = Reading the posts…
noise-demo-posts = Writing demo social posts
noise-empty-title = No social posts yet
noise-empty = Import posts exported from X, Instagram or Facebook, or load the demo data (it comes with social posts) to see what people say.
noise-empty-import = Import posts
noise-empty-demo = Load demo data
noise-none-in-period = No posts in the last { $days } days. The newest post is from { $date }; choose a longer period.
noise-stat-posts = posts in the last { $days } days
noise-stat-negative = negative
noise-stat-spikes = { $count ->
    [one] spike
   *[other] spikes
}
noise-matched = matched: { $matched } of { $posts } posts are linked to customers
noise-per-day-title = Posts per day by sentiment
noise-axis-posts = Posts
noise-negative = Negative
noise-neutral = Neutral
noise-positive = Positive
noise-day-tip = { $date }: { $negative } negative, { $neutral } neutral, { $positive } positive
noise-topics-title = Topics
noise-topics-intro = Posts per topic, how many different people wrote about it (the community) and the change against the { $days } days before.
noise-topics-none = No post in this period speaks of a known topic.
noise-trend-new = new
noise-trend-flat = no change
noise-trend-tip = { $before } posts in the { $days } days before
noise-spikes-title = Spikes
noise-spikes-intro = Days on which a topic had far more posts than it usually has (its average over the week before).
noise-spikes-none = No topic jumped in this period.
noise-baseline = { $shown } a day
noise-authors-title = Top authors by reach
noise-authors-intro = The people whose posts reach the most followers, and the customer each is linked to.
noise-col-topic = Topic
noise-col-posts = Posts
noise-col-community = People
noise-col-trend = Trend
noise-col-day = Day
noise-col-baseline = Usually
noise-col-author = Author
noise-col-platform = Platform
noise-col-followers = Followers
noise-col-customer = Customer
noise-not-linked = not linked
noise-customer-unnamed = (customer)
## Duplicates
dup-open = Duplicates
dup-title = Duplicate customers
dup-intro = Finds customers entered more than once: the same phone or email, the same mailbox name at another provider, a name typed another way. Nothing changes until you merge.
dup-scan = Scan for duplicates
dup-scan-again = Scan again
dup-scanning = Scanning { $shown } customers…
dup-count = { $count ->
    [one] One pair
   *[other] { $shown } pairs
}
dup-dismissed-count = { $count ->
    [one] one set aside as different people
   *[other] { $shown } set aside as different people
}
dup-col-customer = Customer
dup-col-other = Possibly the same as
dup-col-why = Why
dup-none = No duplicates found.
dup-not-scanned = Not scanned yet.
dup-filter-level = Level
dup-filter-all = All levels
dup-level-certain = Certain
dup-level-likely = Likely
dup-level-possible = Possible
dup-score = Score { $score }
dup-review = Review and merge
dup-dismiss = Not the same person
dup-dismissed = This pair will not be suggested again on this device.
dup-reason-same-email = same email { $value }
dup-reason-same-mailbox = same mailbox name “{ $value }” at another provider
dup-reason-same-phone = same phone { $value }
dup-reason-same-handle = same social account { $value }
dup-reason-same-external-id = same external id { $value }
dup-reason-same-common-name = same name (a common one)
dup-reason-same-name = same name
dup-reason-similar-name = similar names ({ $value }% alike)
dup-reason-different-name = different names ({ $value }% alike)
dup-reason-same-city = same city
dup-reason-different-city = different cities
merge-title = Merge two customer records
merge-intro = Choose the record that stays and, where the two differ, whose value to keep. Emails, phones, tags, products and social accounts of both are kept; the other record's purchases, timeline, cases and posts move to the one that stays. A note on the timeline lists every value that is not kept.
merge-back = ← Duplicates
merge-field = Field
merge-survivor = Record that stays
merge-keep-record = This record stays
merge-both-kept = both kept
merge-custom = Custom fields
merge-purchases = Purchases
merge-timeline = Timeline entries
merge-cases = Complaint cases
merge-posts = Social posts
merge-choose-hint = Pick the value to keep where the records differ; an empty value takes the other's.
merge-submit = Merge
merge-merging = Merging…
merge-done = Merged: one record now holds everything of both.
merge-missing = One of these customers no longer exists: it was merged or deleted.
merge-refused = These records cannot be merged:

# Names of scrollable tables (keyboard-focusable regions).
customers-table = Customer list
cases-queue-table = Case queue
customer-purchases-table = Purchases
segments-table = Saved segments
import-rejected-table = Rejected rows
rules-levels-table = Level targets

# Charts as tables (src/components/chart_table.rs).
chart-table-show = Show the figures as a table
chart-month = Month
chart-day = Day
dashboard-clv-from = Lifetime value from
