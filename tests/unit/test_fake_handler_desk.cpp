// Requests for Lua-function endpoints handed from the server thread to the thread that owns the scenario
// (harness/fake/handler_desk.hpp): the desk alone, then through a real socket with an owner thread.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "harness/fake/router.hpp"
#include "harness/fake/server.hpp"
#include "harness/fake/spec.hpp"
#include "tests/unit/socket_helpers.hpp"

using namespace harness::fake;
using namespace test_net;
using Json = nlohmann::json;

namespace {

std::shared_ptr<HandlerCall> call_for(std::string target) {
  auto call = std::make_shared<HandlerCall>();
  call->handler = 1;
  call->request.method = "GET";
  call->request.target = std::move(target);
  return call;
}

TEST(HandlerDesk, CallsWaitForAnOwnerAndAreAnsweredInOrder) {
  HandlerDesk desk;
  std::vector<std::string> answered;
  for (const char* target : {"/a", "/b"})
    desk.submit(call_for(target), [&](Response r) { answered.push_back(r.body); });
  EXPECT_EQ(desk.answer_pending(), 0u) << "no owner yet: nothing may answer";
  EXPECT_EQ(desk.queued(), 2u);
  int woken = 0;
  desk.set_owner([](HandlerCall& call) { return json_response(200, call.request.target); }, [&] { ++woken; });
  EXPECT_EQ(woken, 1) << "an owner that comes while calls wait is woken for them";
  EXPECT_EQ(desk.answer_pending(), 2u);
  EXPECT_EQ(answered, (std::vector<std::string>{"/a", "/b"}));
  desk.submit(call_for("/c"), [&](Response r) { answered.push_back(r.body); });
  EXPECT_EQ(woken, 2);
  EXPECT_EQ(desk.answer_pending(), 1u);
  EXPECT_EQ(answered.back(), "/c");
}

TEST(HandlerDesk, AClearedOwnerIsNeverWokenAndDroppedCallsAreNotAnswered) {
  HandlerDesk desk;
  int woken = 0;
  desk.set_owner([](HandlerCall&) { return json_response(200, ""); }, [&] { ++woken; });
  desk.clear_owner();
  bool answered = false;
  desk.submit(call_for("/a"), [&](Response) { answered = true; });
  EXPECT_EQ(woken, 0);
  EXPECT_EQ(desk.answer_pending(), 0u);
  desk.drop();
  EXPECT_EQ(desk.queued(), 0u);
  EXPECT_FALSE(answered);
}

// An owner thread as a scenario's: sleeps until woken, then answers what waits.
class OwnerThread {
 public:
  OwnerThread(SharedWorld& world, HandlerDesk::Answer answer) : world_(world) {
    world.desk().set_owner(std::move(answer), [this] {
      std::lock_guard lock(mutex_);
      woken_ = true;
      ready_.notify_one();
    });
    thread_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!stopping_) {
        ready_.wait(lock, [this] { return woken_ || stopping_; });
        woken_ = false;
        lock.unlock();
        world_.desk().answer_pending();
        lock.lock();
      }
    });
  }
  ~OwnerThread() {
    world_.desk().clear_owner();
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      ready_.notify_one();
    }
    thread_.join();
  }

 private:
  SharedWorld& world_;
  std::mutex mutex_;
  std::condition_variable ready_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

void declare_handler(SharedWorld& world, const char* method, const char* path) {
  world.with([&](World& w) {
    w.declare_endpoint(endpoint_spec(Json{{"method", method}, {"path", path}, {"service", "ecs"}}, 7));
  });
}

// What a Lua handler does, in C++: an answer from the request, finished in the world as serve() finishes.
HandlerDesk::Answer echo_handler(SharedWorld& world) {
  return [&world](HandlerCall& call) {
    Json body = {{"thing", call.params.at(1).second}, {"method", call.request.method}, {"key", call.key}};
    auto answer = json_response(201, body.dump());
    answer.scenario_headers = {{"X-Handled", std::to_string(call.handler)}};
    return world.with([&](World& w) { return finish_handler_call(w, call, std::move(answer)); });
  };
}

TEST(HandlerEndpoint, AnOwnerThreadAnswersOverTheSocketWithHeadersAndAJournalEntry) {
  SharedWorld world;
  declare_handler(world, "POST", "/v1/{project_id}/things/{thing_id}");
  FakeServer server(world, {});
  OwnerThread owner(world, echo_handler(world));
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  for (int i = 0; i < 2; ++i) {  // kept alive: the second request on the same connection
    send_all(socket, "POST /v1/p1/things/a%20b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    std::string buffer;
    auto response = read_message(socket, buffer);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 201) << response->head;
    EXPECT_EQ(response->header("X-Handled").value_or(""), "7");
    EXPECT_EQ(response->header("X-Request-Id").value_or("").size(), 32u);
    const auto body = Json::parse(response->body);
    EXPECT_EQ(body["thing"], "a b") << "the path's values reach the handler percent-decoded";
    EXPECT_EQ(body["key"], "POST /v1/{project_id}/things/{thing_id}");
  }
  world.with([&](World& w) {
    ASSERT_EQ(w.journal().entries().size(), 2u);
    EXPECT_EQ(w.journal().entries().front().status, 201);
    EXPECT_EQ(w.journal().entries().front().body, "{}");
  });
}

TEST(HandlerEndpoint, AFaultBendsTheHandlersAnswerAndAStatusFaultNeverReachesIt) {
  SharedWorld world;
  declare_handler(world, "GET", "/v1/{project_id}/things/{thing_id}");
  world.with([](World& w) {
    w.add_fault(fault_spec(Json{{"path", "/v1/*/things/gone"}, {"status", 503}}));
    w.add_fault(fault_spec(Json{{"path", "/v1/*/things/cut"}, {"truncate", 5}}));
  });
  FakeServer server(world, {});
  int calls = 0;
  auto echo = echo_handler(world);
  OwnerThread owner(world, [&](HandlerCall& call) {
    ++calls;
    return echo(call);
  });
  asio::io_context ioc;
  auto socket = connect_to(ioc, server.port());
  send_all(socket, "GET /v1/p1/things/gone HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string buffer;
  auto gone = read_message(socket, buffer);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 503);
  EXPECT_EQ(calls, 0);
  send_all(socket, "GET /v1/p1/things/cut HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string cut;
  EXPECT_TRUE(wait_closed(socket, 2000ms, nullptr, &cut)) << "a truncated answer closes the connection";
  EXPECT_EQ(calls, 1);
  EXPECT_NE(cut.find("HTTP/1.1 201"), std::string::npos) << cut;
  EXPECT_TRUE(cut.ends_with("\r\n\r\n{\"key")) << cut;
}

TEST(HandlerEndpoint, AServerStopsWhileACallWaitsForAnOwnerThatNeverCame) {
  SharedWorld world;
  declare_handler(world, "GET", "/v1/{project_id}/things/{thing_id}");
  auto server = std::make_unique<FakeServer>(world, ServerOptions{});
  asio::io_context ioc;
  auto socket = connect_to(ioc, server->port());
  send_all(socket, "GET /v1/p1/things/a HTTP/1.1\r\nHost: x\r\n\r\n");
  for (int i = 0; i < 200 && world.desk().queued() == 0; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(world.desk().queued(), 1u);
  const auto started = Clock::now();
  server.reset();  // closes the session, drops the call: no answer, no leak (ASan)
  EXPECT_LT(ms_since(started), 3000);
  EXPECT_EQ(world.desk().queued(), 0u);
  EXPECT_TRUE(wait_closed(socket, 1000ms));
}

}  // namespace

namespace {

TEST(HandlerSpec, AHandlerComesFromTheLuaDoorOnlyAndExcludesAnswers) {
  const Json path = {{"path", "/v1/{project_id}/things"}};
  const auto declared = endpoint_spec(path, 5);
  EXPECT_EQ(declared.handler, 5u);
  EXPECT_TRUE(declared.answers.empty());
  Json with_answers = path;
  with_answers["answers"] = Json::array({Json::object()});
  try {
    endpoint_spec(with_answers, 5);
    ADD_FAILURE() << "answers and a handler were both taken";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("answers"), std::string::npos) << e.what();
  }
  Json from_admin = with_answers;
  from_admin["handler"] = 1;  // what a JSON body could say: no function behind it
  try {
    endpoint_spec(from_admin);
    ADD_FAILURE() << "the admin door took a handler";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("handler: must be a Lua function"), std::string::npos) << e.what();
  }
  EXPECT_THROW(endpoint_spec(path), SpecError) << "without a handler, answers are needed";
}

}  // namespace
