# ilgi — Türkçe iletiler. Buradaki her kimlik en.ftl'de de bulunmalı (test edilir).

app-name = ilgi
app-tagline = Tarayıcınızda yaşayan sosyal CRM

skip-to-content = İçeriğe geç
nav-label = Ana gezinme
menu-toggle = Menü

nav-dashboard = Pano
nav-customers = Müşteriler
nav-cases = Şikâyetler
nav-mentions = Bahsedilmeler
nav-segments = Segmentler
nav-campaigns = Kampanyalar
nav-settings = Ayarlar

coming-badge = Yakında
coming-dashboard = Segmentlere göre müşteriler, yaşam boyu değer, SLA sayaçlarıyla şikâyet kuyruğu, duygu analizli sosyal bahsedilmeler ve kampanya takvimi — tek ekranda.
coming-customers = Sosyal profillerle eşleştirilmiş müşteri veritabanınız: arama, filtreler, ayrıntı sayfaları, CSV içe ve dışa aktarma, yedekleme.
coming-cases = Her şikâyete bir numara, bir departman, bir sorumlu ve izlenebilir bir yolculuk; süresi geçenler kendiliğinden üst yönetime çıkar.
coming-mentions = Müşterilerle eşleştirilmiş sosyal medya paylaşımları; duygu, konu ve erişimleriyle.
coming-segments = RFM segmentleri, müşteri yaşam boyu değeri ve kurala dayalı gruplar; her müşteri için bir sonraki en iyi teklif.
coming-campaigns = Sıklık sınırlı bir iletişim takvimi: müşteriler sizden haber alır, spam almaz.
coming-settings = Bu cihazın ayarları.

not-found-title = Sayfa bulunamadı
not-found-body = { $path } adresinde bir sayfa yok.
not-found-home = Panoya git

lang-label = Dil
theme-label = Tema
theme-system = Sistemi izle
theme-light = Açık
theme-dark = Koyu

update-ready = ilgi'nin yeni bir sürümü hazır.
update-reload = Güncellemek için yeniden yükle
offline-ready = ilgi artık çevrimdışı çalışmaya hazır.
toast-close = Kapat

error-title = Bir şeyler ters gitti
error-retry = Yeniden dene

settings-appearance-title = Dil ve görünüm
settings-storage-title = Bu cihazdaki depolama
settings-storage-intro = ilgi verilerinizi bu tarayıcıda saklar. Yer açmak için silinmemesi adına tarayıcıdan kalıcı depolama isteyin.
storage-checking = Depolama denetleniyor…
storage-persisted = Kalıcı: tarayıcı yer açmak için ilgi'nin verilerini silmez.
storage-not-persisted = En iyi çaba: yer azaldığında tarayıcı ilgi'nin verilerini silebilir. ilgi'yi uygulama olarak yüklemek depolamayı genellikle kalıcı yapar.
storage-unsupported = Bu tarayıcı depolamanın kalıcılığını bildirmiyor.
storage-usage = { $quota } alanın { $used } kadarı kullanılıyor
storage-ask = Kalıcı depolama iste
settings-offline-title = Çevrimdışı kullanım
offline-active = Çevrimdışı kip açık: ilgi'nin bu sürümü bu cihazda kayıtlı.
offline-pending = Çevrimdışı kip hazırlanıyor…
offline-unsupported = Bu tarayıcı ilgi'yi çevrimdışı çalıştıramıyor.
settings-about-title = Hakkında
settings-version = Sürüm { $version }
prefs-not-saved = Seçiminiz bu cihaza kaydedilemedi:

## Value errors (model::values)
value-empty = boş
value-email-no-at = e-posta adresinde @ yok
value-email-local = @ işaretinden önceki kısım boş ya da geçersiz
value-email-domain = e-posta alan adı geçersiz
value-phone-chars = telefon numarasında rakam, boşluk, +, -, ( ve ) dışında karakter var
value-phone-length = telefon numarasının hane sayısı yanlış
value-handle-length = kullanıcı adı bu platform için çok kısa ya da çok uzun
value-handle-chars = kullanıcı adında bu platformun izin vermediği karakterler var
value-platform = bilinmeyen sosyal platform
value-amount = tutar bir sayı değil
value-amount-precision = tutarda ikiden fazla ondalık hane var
value-amount-range = tutar çok büyük
value-currency = para birimi TRY gibi üç harfli bir kod olmalı
value-date-format = tarih YYYY-AA-GG ya da GG.AA.YYYY biçiminde olmalı
value-date-invalid = böyle bir tarih yok
value-unknown = bilinmeyen değer
value-number = tam sayı değil
value-too-long = çok uzun

tier-standard = Standart
tier-silver = Gümüş
tier-gold = Altın
tier-platinum = Platin
channel-email = E-posta
channel-sms = SMS mesajı
channel-call = Telefon araması
channel-whatsapp = WhatsApp mesajı
sales-store = Mağaza
sales-online = İnternet
sales-app = Mobil uygulama
sales-phone = Telefon
sales-marketplace = Pazaryeri
interaction-call = Arama
interaction-email = E-posta
interaction-visit = Ziyaret
interaction-social = Sosyal mesaj
interaction-note = Not
direction-inbound = Gelen
direction-outbound = Giden
direction-internal = İç not

## Storage errors (src/storage/idb.rs)
storage-error-unsupported = Bu tarayıcı veri saklayamıyor (IndexedDB kullanılamıyor; örneğin bazı gizli pencerelerde).
storage-error-quota = Tarayıcının ilgi için ayırdığı depolama alanı doldu. Yer açın ya da Ayarlar'dan kalıcı depolama isteyin.
storage-error-newer = ilgi'nin daha yeni bir sürümü veritabanını yükseltti. Bu sekmeyi yeniden yükleyin.
storage-error-closed = ilgi başka bir sekmede yükseltildiği için veritabanı kapatıldı. Bu sekmeyi yeniden yükleyin.
storage-error-constraint = Bu işlem bir kopya oluştururdu (örneğin aynı dış kimlik iki kez). Hiçbir şey kaydedilmedi.
storage-error-data = Saklanan veri okunamadı ya da yazılamadı. Hiçbir şey kaydedilmedi.
storage-error-aborted = Yazma işlemi iptal edildi; hiçbir şey kaydedilmedi.
storage-error-other = Tarayıcı veriyi kaydedemedi ya da okuyamadı.
