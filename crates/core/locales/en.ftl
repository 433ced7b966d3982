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
storage-error-constraint = This would create a duplicate (for example the same external id twice). Nothing was saved.
storage-error-data = Stored data could not be read or written. Nothing was saved.
storage-error-aborted = The write was cancelled; nothing was saved.
storage-error-other = The browser could not save or read the data.
