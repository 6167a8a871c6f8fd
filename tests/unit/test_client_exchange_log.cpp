// One case's exchanges, bounded: the first and the last kept, the rest counted in one "not shown" line, so
// a case polling 200,000 times neither fills the memory nor writes a report XML readers refuse.
#include <gtest/gtest.h>

#include <string>

#include "harness/client/exchange_log.hpp"

using namespace harness::client;

namespace {

Exchange numbered(int n, std::string body = "{}") {
  Exchange exchange;
  exchange.method = "GET";
  exchange.target = "/jobs/" + std::to_string(n);
  exchange.status = 200;
  exchange.response_body = std::move(body);
  return exchange;
}

bool shows(const std::string& text, int n) {
  return text.find("> GET /jobs/" + std::to_string(n) + "\n") != std::string::npos;
}

}  // namespace

TEST(ClientExchangeLog, FewExchangesAreAllShownInOrder) {
  ExchangeLog log(ExchangeLogLimits{3, 3, 4096});
  for (int n = 1; n <= 6; ++n) log.push_back(numbered(n));
  const std::string text = log.transcript();
  for (int n = 1; n <= 6; ++n) EXPECT_TRUE(shows(text, n)) << n;
  EXPECT_LT(text.find("/jobs/3\n"), text.find("/jobs/4\n"));
  EXPECT_EQ(text.find("not shown"), std::string::npos);
  EXPECT_EQ(log.size(), 6u);
}

TEST(ClientExchangeLog, ManyExchangesKeepTheFirstAndTheLastAndSayHowManyAreLeftOut) {
  ExchangeLog log(ExchangeLogLimits{2, 3, 4096});
  for (int n = 1; n <= 10'000; ++n) log.push_back(numbered(n));
  const std::string text = log.transcript();
  EXPECT_TRUE(shows(text, 1));
  EXPECT_TRUE(shows(text, 2));
  EXPECT_FALSE(shows(text, 3));
  EXPECT_FALSE(shows(text, 9'997));
  EXPECT_TRUE(shows(text, 9'998));
  EXPECT_TRUE(shows(text, 10'000));
  std::size_t left_out = 0;  // the bodies of exchanges 3 .. 9997
  for (int n = 3; n <= 9'997; ++n) {
    const auto exchange = numbered(n);
    left_out += exchange.request_body.size() + exchange.response_body.size();
  }
  EXPECT_NE(text.find("... 9995 exchanges (" + std::to_string(left_out) + " body bytes) not shown"),
            std::string::npos)
      << text;
  EXPECT_EQ(log.size(), 10'000u);
  EXPECT_EQ(log.not_shown(), 9'995u);
  EXPECT_EQ(log.back().target, "/jobs/10000");
}

TEST(ClientExchangeLog, TheTranscriptStaysSmallHoweverManyExchanges) {
  ExchangeLog log;  // the defaults the scenarios get
  const std::string body(10'000, 'x');
  for (int n = 1; n <= 5'000; ++n) log.push_back(numbered(n, body));
  const std::size_t size = log.transcript().size();
  // 40 exchanges, each body cut at 4096 bytes: well under the 1 MB a report text may hold.
  EXPECT_LT(size, 40u * (4096 + 300));
  EXPECT_NE(log.transcript().find("4960 exchanges"), std::string::npos);
}

TEST(ClientExchangeLog, TheNewestStaysWholeForTheExpectationsAndTheResponse) {
  ExchangeLog log(ExchangeLogLimits{1, 1, 10});
  const std::string body(100, 'b');
  log.push_back(numbered(1, body));
  log.push_back(numbered(2, body));
  EXPECT_EQ(log.back().response_body, body);  // whole, though transcripts cut bodies at 10 bytes
  EXPECT_NE(log.transcript().find("... (90 more bytes)"), std::string::npos);
}

TEST(ClientExchangeLog, ClearStartsAfresh) {
  ExchangeLog log(ExchangeLogLimits{1, 1, 4096});
  for (int n = 1; n <= 5; ++n) log.push_back(numbered(n));
  log.clear();
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(log.transcript(), "");
  log.push_back(numbered(7));
  EXPECT_EQ(log.size(), 1u);
  EXPECT_TRUE(shows(log.transcript(), 7));
  EXPECT_EQ(log.transcript().find("not shown"), std::string::npos);
}

// The same run must give the same report (same seed, --jobs): the "not shown" line cannot depend on timings.
TEST(ClientExchangeLog, TheNotShownLineDoesNotDependOnHowLongExchangesTook) {
  auto run = [](double elapsed_ms) {
    ExchangeLog log(ExchangeLogLimits{1, 1, 4096});
    for (int n = 1; n <= 5; ++n) {
      auto exchange = numbered(n);
      exchange.elapsed_ms = elapsed_ms * n;
      log.push_back(std::move(exchange));
    }
    const std::string text = log.transcript();
    return text.substr(text.find("... "), text.find(" not shown") - text.find("... "));
  };
  EXPECT_EQ(run(0.5), run(1234.5678));
  EXPECT_EQ(run(0.5), "... 3 exchanges (6 body bytes)");
}
