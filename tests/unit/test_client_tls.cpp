// The client over TLS against the fake server served over TLS, with a CA and server certificates made at test
// time (OpenSSL's C API): verification with a CA file, without one, insecure, a wrong name, keep-alive, the
// faults as a TLS client sees them, and the URL parser. Links harness_fake too (tests/CMakeLists.txt).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/client/http_client.hpp"
#include "harness/fake/server.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness;
using namespace test_net;
namespace fs = std::filesystem;
namespace ssl = boost::asio::ssl;
using client::ClientOptions;
using client::Endpoint;
using client::HttpClient;
using client::TransportError;

namespace {

// --- certificates made at test time ----------------------------------------------------------------------

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

KeyPtr new_key() {
  KeyPtr key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!key) throw std::runtime_error("EVP_EC_gen failed");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) throw std::runtime_error(std::string("bad extension ") + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `common_name`, signed by issuer/issuer_key (itself when null).
CertPtr make_cert(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key, bool ca,
                  const std::string& alt_names, long serial) {
  CertPtr cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (ca) {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), signer, NID_subject_alt_name, alt_names.c_str());
  }
  add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (!X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()))
    throw std::runtime_error("X509_sign failed");
  return cert;
}

void write_pem(const fs::path& path, X509* cert, EVP_PKEY* key) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (!file) throw std::runtime_error("cannot write " + path.string());
  if (cert) PEM_write_X509(file, cert);
  if (key) PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(file);
}

// A CA, a server certificate for localhost / 127.0.0.1 / ::1, and one for another name only.
struct TestPki {
  fs::path dir;
  fs::path ca_file, cert_file, key_file, other_cert_file, other_key_file;

  TestPki() {
    dir = fs::temp_directory_path() / ("harness-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto ca_key = new_key();
    auto ca = make_cert(ca_key.get(), "harness test CA", nullptr, nullptr, true, "", 1);
    auto key = new_key();
    auto cert = make_cert(key.get(), "localhost", ca.get(), ca_key.get(), false,
                          "DNS:localhost,IP:127.0.0.1,IP:::1", 2);
    auto other_key = new_key();
    auto other =
        make_cert(other_key.get(), "other.example", ca.get(), ca_key.get(), false, "DNS:other.example", 3);
    ca_file = dir / "ca.pem";
    cert_file = dir / "server.pem";
    key_file = dir / "server.key";
    other_cert_file = dir / "other.pem";
    other_key_file = dir / "other.key";
    write_pem(ca_file, ca.get(), nullptr);
    write_pem(cert_file, cert.get(), nullptr);
    write_pem(key_file, nullptr, key.get());
    write_pem(other_cert_file, other.get(), nullptr);
    write_pem(other_key_file, nullptr, other_key.get());
  }
  ~TestPki() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

const TestPki& pki() {
  static TestPki instance;
  return instance;
}

// --- the fake server over TLS ----------------------------------------------------------------------------

class ClientTls : public testing::Test {
 protected:
  void start(bool other_name = false) {
    fake::ServerOptions options;
    options.read_timeout = 2000ms;
    options.write_timeout = 2000ms;
    options.tls_cert_file = other_name ? pki().other_cert_file : pki().cert_file;
    options.tls_key_file = other_name ? pki().other_key_file : pki().key_file;
    server_.emplace(world_, options);
  }
  HttpClient client(const std::string& host = "127.0.0.1", bool with_ca = true, bool insecure = false) {
    ClientOptions options;
    options.connect_timeout = 2000ms;
    options.read_timeout = 2000ms;
    if (with_ca) options.ca_file = pki().ca_file;
    options.insecure = insecure;
    return HttpClient(Endpoint{"https", host, server_->port()}, options);
  }
  std::string add_job(std::vector<std::string> timeline) {
    fake::JobSpec spec;
    spec.service = "sdrs";
    spec.project_id = "p1";
    spec.job_type = "createProtectionGroupNoCG";
    spec.timeline = std::move(timeline);
    return world_.with([&](fake::World& w) { return w.add_job(spec); });
  }
  void add_fault(fake::FaultAction action, std::size_t truncate_at = 0) {
    fake::FaultSpec spec;
    spec.action = action;
    spec.path = "/v1/*/jobs/*";
    spec.times = 1;
    spec.truncate_at = truncate_at;
    world_.with([&](fake::World& w) { w.add_fault(std::move(spec)); });
  }

  fake::SharedWorld world_;
  std::optional<fake::FakeServer> server_;
};

client::Request get(std::string target) {
  client::Request request;
  request.target = std::move(target);
  return request;
}

}  // namespace

TEST_F(ClientTls, SucceedsWithTheCaFile) {
  start();
  const auto id = add_job({"INIT", "RUNNING"});
  auto c = client();
  auto exchange = c.send(get("/v1/p1/jobs/" + id));
  ASSERT_TRUE(exchange.ok()) << exchange.transcript();
  EXPECT_EQ(exchange.status, 200);
  EXPECT_NE(exchange.response_body.find("\"INIT\""), std::string::npos) << exchange.response_body;
  EXPECT_EQ(exchange.url.rfind("https://127.0.0.1:", 0), 0u) << exchange.url;
}

TEST_F(ClientTls, SucceedsByNameWithTheCaFile) {
  start();
  auto c = client("localhost");
  auto exchange = c.send(get("/v1/p1/jobs/unknown"));
  ASSERT_TRUE(exchange.ok()) << exchange.transcript();
  EXPECT_EQ(exchange.status, 404);
}

TEST_F(ClientTls, WithoutTheCaFileTheCertificateIsRefused) {
  start();
  auto c = client("127.0.0.1", false);
  auto exchange = c.send(get("/v1/p1/jobs/x"));
  EXPECT_EQ(exchange.error, TransportError::tls) << exchange.transcript();
  EXPECT_EQ(exchange.status, 0);
  EXPECT_NE(exchange.error_message.find("certificate verify failed"), std::string::npos)
      << exchange.error_message;
  EXPECT_NE(exchange.error_message.find("local issuer"), std::string::npos) << exchange.error_message;
  // Every later request fails the same way (no half-open connection is kept).
  EXPECT_EQ(c.send(get("/v1/p1/jobs/x")).error, TransportError::tls);
}

TEST_F(ClientTls, InsecureSucceedsWithoutTheCaFile) {
  start();
  auto c = client("127.0.0.1", false, true);
  auto exchange = c.send(get("/v1/p1/jobs/x"));
  EXPECT_TRUE(exchange.ok()) << exchange.transcript();
  EXPECT_EQ(exchange.status, 404);
}

TEST_F(ClientTls, AnotherIpAddressIsRefused) {
  start(true);  // the certificate names other.example only
  auto c = client("127.0.0.1");
  auto exchange = c.send(get("/v1/p1/jobs/x"));
  EXPECT_EQ(exchange.error, TransportError::tls) << exchange.transcript();
  EXPECT_NE(exchange.error_message.find("certificate verify failed"), std::string::npos)
      << exchange.error_message;
  EXPECT_NE(exchange.error_message.find("IP address mismatch"), std::string::npos) << exchange.error_message;
}

TEST_F(ClientTls, AnotherHostNameIsRefused) {
  start(true);
  auto c = client("localhost");
  auto exchange = c.send(get("/v1/p1/jobs/x"));
  EXPECT_EQ(exchange.error, TransportError::tls) << exchange.transcript();
  EXPECT_NE(exchange.error_message.find("hostname mismatch"), std::string::npos) << exchange.error_message;
  // Insecure does not check the name either.
  auto insecure = client("localhost", false, true);
  EXPECT_TRUE(insecure.send(get("/v1/p1/jobs/x")).ok());
}

TEST_F(ClientTls, HttpsToAPlainServerIsATlsError) {
  fake::ServerOptions options;
  options.read_timeout = 2000ms;
  server_.emplace(world_, options);
  auto c = client();
  auto exchange = c.send(get("/v1/p1/jobs/x"));
  EXPECT_EQ(exchange.error, TransportError::tls) << exchange.transcript();
}

TEST_F(ClientTls, PlainHttpToATlsServerFails) {
  start();
  ClientOptions options;
  options.read_timeout = 2000ms;
  HttpClient c(Endpoint{"http", "127.0.0.1", server_->port()}, options);
  auto exchange = c.send(get("/v1/p1/jobs/x"));
  EXPECT_FALSE(exchange.ok() && exchange.status == 200) << exchange.transcript();
}

TEST_F(ClientTls, UnreadableCaFileThrowsAtConstruction) {
  start();
  ClientOptions options;
  options.ca_file = (pki().dir / "missing.pem").string();
  EXPECT_THROW(HttpClient(Endpoint{"https", "127.0.0.1", server_->port()}, options), std::runtime_error);
}

TEST_F(ClientTls, TheTimelineAdvancesOverOneKeptAliveConnection) {
  start();
  const auto id = add_job({"INIT", "RUNNING", "SUCCESS"});
  auto c = client();
  for (const char* want : {"INIT", "RUNNING", "SUCCESS"}) {
    auto exchange = c.send(get("/v1/p1/jobs/" + id));
    ASSERT_TRUE(exchange.ok()) << exchange.transcript();
    EXPECT_NE(exchange.response_body.find(want), std::string::npos) << exchange.response_body;
  }
}

// --- the faults, as a TLS client sees them --------------------------------------------------------------

TEST_F(ClientTls, ResetFaultIsReset) {
  start();
  const auto id = add_job({"INIT"});
  add_fault(fake::FaultAction::reset);
  auto c = client();
  auto exchange = c.send(get("/v1/p1/jobs/" + id));
  EXPECT_EQ(exchange.error, TransportError::reset) << exchange.transcript();
  EXPECT_TRUE(c.send(get("/v1/p1/jobs/" + id)).ok());  // a new connection, a new handshake
}

TEST_F(ClientTls, CloseFaultIsClosed) {
  start();
  const auto id = add_job({"INIT"});
  add_fault(fake::FaultAction::close);
  auto c = client();
  auto exchange = c.send(get("/v1/p1/jobs/" + id));
  EXPECT_EQ(exchange.error, TransportError::closed) << exchange.transcript();
  EXPECT_TRUE(c.send(get("/v1/p1/jobs/" + id)).ok());
}

TEST_F(ClientTls, TruncateFaultIsTruncatedKeepingTheStatus) {
  start();
  const auto id = add_job({"INIT"});
  add_fault(fake::FaultAction::truncate, 5);
  auto c = client();
  auto exchange = c.send(get("/v1/p1/jobs/" + id));
  EXPECT_EQ(exchange.error, TransportError::truncated) << exchange.transcript();
  EXPECT_EQ(exchange.status, 200);
  EXPECT_EQ(exchange.response_body.size(), 5u);
}

TEST_F(ClientTls, HangFaultTimesOut) {
  start();
  const auto id = add_job({"INIT"});
  add_fault(fake::FaultAction::hang);
  auto c = client();
  auto request = get("/v1/p1/jobs/" + id);
  request.read_timeout = 300ms;
  auto exchange = c.send(request);
  EXPECT_EQ(exchange.error, TransportError::timeout) << exchange.transcript();
  EXPECT_EQ(exchange.status, 200);
}

TEST_F(ClientTls, DripFaultArrivesWhole) {
  start();
  const auto id = add_job({"INIT"});
  fake::FaultSpec spec;
  spec.action = fake::FaultAction::drip;
  spec.path = "/v1/*/jobs/*";
  spec.times = 1;
  spec.drip_bytes = 64;
  spec.drip_interval = 1ms;
  world_.with([&](fake::World& w) { w.add_fault(std::move(spec)); });
  auto c = client();
  auto exchange = c.send(get("/v1/p1/jobs/" + id));
  EXPECT_TRUE(exchange.ok()) << exchange.transcript();
  EXPECT_EQ(exchange.status, 200);
  EXPECT_TRUE(c.send(get("/v1/p1/jobs/" + id)).ok());
}

// --- keep-alive, counted: a scripted TLS server on the test's socket helpers ------------------------------

namespace {

ssl::context server_context() {
  ssl::context context(ssl::context::tls_server);
  context.use_certificate_chain_file(pki().cert_file.string());
  context.use_private_key_file(pki().key_file.string(), ssl::context::pem);
  return context;
}

// Answers every request of the connection, over TLS, until the client goes (or `limit` answers).
ScriptedServer::Handler tls_answers(ssl::context& context, int limit = 1000) {
  return [&context, limit](tcp::socket& socket, ScriptedServer&) {
    namespace http = boost::beast::http;
    ssl::stream<tcp::socket&> stream(socket, context);
    boost::system::error_code ec;
    stream.handshake(ssl::stream_base::server, ec);
    if (ec) return;
    boost::beast::flat_buffer buffer;
    for (int i = 0; i < limit; ++i) {
      http::request<http::string_body> request;
      http::read(stream, buffer, request, ec);
      if (ec) return;
      http::response<http::string_body> response{http::status::ok, 11};
      response.body() = "{\"n\":" + std::to_string(i) + "}";
      response.keep_alive(i + 1 < limit);
      response.prepare_payload();
      http::write(stream, response, ec);
      if (ec) return;
    }
    stream.shutdown(ec);  // close_notify, then the TCP close with the socket
  };
}

HttpClient tls_client(unsigned short port) {
  ClientOptions options;
  options.connect_timeout = 2000ms;
  options.read_timeout = 2000ms;
  options.ca_file = pki().ca_file.string();
  return HttpClient(Endpoint{"https", "localhost", port}, options);
}

}  // namespace

TEST(ClientTlsKeepAlive, ReusesOneConnectionAndOneHandshake) {
  auto context = server_context();
  ScriptedServer server(tls_answers(context));
  {
    auto c = tls_client(server.port());
    for (int i = 0; i < 3; ++i) {
      auto exchange = c.send(get("/a"));
      ASSERT_TRUE(exchange.ok()) << exchange.transcript();
      EXPECT_EQ(exchange.response_body, "{\"n\":" + std::to_string(i) + "}");
    }
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(ClientTlsKeepAlive, AConnectionTheServerClosedIsReplaced) {
  auto context = server_context();
  ScriptedServer server(tls_answers(context, 1));  // one answer per connection, Connection: close
  {
    auto c = tls_client(server.port());
    for (int i = 0; i < 3; ++i) {
      auto exchange = c.send(get("/a"));
      ASSERT_TRUE(exchange.ok()) << exchange.transcript();
      EXPECT_EQ(exchange.response_body, "{\"n\":0}");
    }
  }
  EXPECT_EQ(server.connections(), 3);
}

// --- the URL parser ---------------------------------------------------------------------------------------

TEST(ParseEndpoint, SchemesHostsAndDefaultPorts) {
  auto e = client::parse_endpoint("https://sdrs.example.com");
  EXPECT_EQ(e.scheme, "https");
  EXPECT_EQ(e.host, "sdrs.example.com");
  EXPECT_EQ(e.port, 443);
  e = client::parse_endpoint("HTTPS://127.0.0.1:8443/");
  EXPECT_EQ(e.scheme, "https");
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, 8443);
  e = client::parse_endpoint("http://localhost");
  EXPECT_EQ(e.port, 80);
  e = client::parse_endpoint("https://[::1]:9443");
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.port, 9443);
  EXPECT_EQ(e.url(), "https://[::1]:9443");
}

TEST(ParseEndpoint, RejectsWhatItCannotUseWithAClearMessage) {
  for (const char* bad :
       {"sdrs.example.com", "ftp://host", "https://", "https://host:", "https://host:0", "https://host:70000",
        "https://host:12ab", "https://host/v1", "https://u:p@host", "https://host?x=1", "https://[::1"}) {
    try {
      client::parse_endpoint(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

TEST(ClientTranscript, TheTokenIsNeverShown) {
  client::Exchange exchange;
  exchange.method = "GET";
  exchange.target = "/v1/p1/jobs";
  exchange.request_headers = {
      {"X-Auth-Token", "s3cr3t-token"}, {"authorization", "Bearer abc"}, {"Accept", "*/*"}};
  const auto text = exchange.transcript();
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
  EXPECT_EQ(text.find("Bearer"), std::string::npos) << text;
  EXPECT_NE(text.find("> X-Auth-Token: ***\n"), std::string::npos) << text;
  EXPECT_NE(text.find("> Accept: */*\n"), std::string::npos) << text;
}
