// cxxbasics: libstdc++ in a static binary: iostream, std::string, std::vector, std::map, std::sort,
// exceptions thrown and caught across frames (DWARF unwinding through libgcc), RTTI, static
// constructors/destructors, std::unique_ptr and virtual dispatch.
#include <algorithm>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

struct Tracer {
	std::string name;
	explicit Tracer(std::string n) : name(std::move(n)) { std::cout << "construct " << name << '\n'; }
	~Tracer() { std::cout << "destroy " << name << '\n'; }
};

Tracer global_tracer("global");

struct Shape {
	virtual ~Shape() = default;
	virtual double area() const = 0;
	virtual std::string name() const = 0;
};

struct Rect : Shape {
	double w, h;
	Rect(double w_, double h_) : w(w_), h(h_) {}
	double area() const override { return w * h; }
	std::string name() const override { return "rect"; }
};

struct Circle : Shape {
	double r;
	explicit Circle(double r_) : r(r_) {}
	double area() const override { return 3.141592653589793 * r * r; }
	std::string name() const override { return "circle"; }
};

struct CustomError : std::runtime_error {
	int code;
	CustomError(const std::string &what, int c) : std::runtime_error(what), code(c) {}
};

int thrower(int depth)
{
	Tracer t("frame" + std::to_string(depth));
	if (depth == 0)
		throw CustomError("deep failure", 42);
	return thrower(depth - 1) + 1;
}

} // namespace

int main()
{
	std::cout << "Hello from C++" << std::endl;

	std::string s = "The quick brown fox";
	s += " jumps";
	s.replace(4, 5, "slow");
	std::cout << "string: " << s << " (size " << s.size() << ", find fox at " << s.find("fox") << ")\n";
	std::string upper = s;
	std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
	std::cout << "upper: " << upper << '\n';

	std::vector<int> v;
	uint32_t x = 7;
	for (int i = 0; i < 1000; i++) {
		x = x * 1664525u + 1013904223u;
		v.push_back(static_cast<int>(x >> 20) - 2048);
	}
	std::sort(v.begin(), v.end());
	std::cout << "sorted: " << std::is_sorted(v.begin(), v.end()) << " min " << v.front() << " max " << v.back()
	          << " sum " << std::accumulate(v.begin(), v.end(), 0L) << '\n';
	std::vector<std::string> words{ "pear", "apple", "fig", "banana", "cherry" };
	std::sort(words.begin(), words.end(), [](const std::string &a, const std::string &b) {
		return a.size() != b.size() ? a.size() < b.size() : a < b;
	});
	std::cout << "words by length:";
	for (const auto &w : words)
		std::cout << ' ' << w;
	std::cout << '\n';

	std::map<std::string, int> counts;
	std::istringstream in("a b c a b a d e a");
	for (std::string w; in >> w;)
		counts[w]++;
	std::cout << "counts:";
	for (const auto &kv : counts)
		std::cout << ' ' << kv.first << '=' << kv.second;
	std::cout << '\n';

	std::vector<std::unique_ptr<Shape>> shapes;
	shapes.push_back(std::make_unique<Rect>(3, 4));
	shapes.push_back(std::make_unique<Circle>(1));
	for (const auto &sh : shapes)
		std::cout << sh->name() << " area " << std::fixed << std::setprecision(4) << sh->area() << '\n';
	std::cout.unsetf(std::ios::fixed);
	std::cout << "dynamic_cast Rect: " << (dynamic_cast<Rect *>(shapes[0].get()) != nullptr)
	          << ", Circle as Rect: " << (dynamic_cast<Rect *>(shapes[1].get()) != nullptr) << '\n';

	try {
		thrower(3);
	} catch (const CustomError &e) {
		std::cout << "caught CustomError: " << e.what() << " code " << e.code << '\n';
	}
	try {
		std::vector<int> small(3);
		std::cout << small.at(10) << '\n';
	} catch (const std::out_of_range &) {
		std::cout << "caught std::out_of_range from vector::at\n";
	}
	try {
		throw 17;
	} catch (int i) {
		std::cout << "caught int " << i << '\n';
	}
	try {
		try {
			throw std::logic_error("inner");
		} catch (const std::exception &e) {
			std::cout << "rethrowing " << e.what() << '\n';
			throw;
		}
	} catch (const std::logic_error &e) {
		std::cout << "caught rethrown " << e.what() << '\n';
	}
	try {
		std::stoi("not a number");
	} catch (const std::invalid_argument &) {
		std::cout << "caught std::invalid_argument from stoi\n";
	}

	std::ostringstream os;
	os << std::hex << 255 << ' ' << std::dec << 1.5 << ' ' << std::setw(6) << std::setfill('*') << 42;
	std::cout << "ostringstream: " << os.str() << '\n';
	std::cout << std::setprecision(17) << "double: " << 0.1 + 0.2 << '\n';
	std::cerr << "stderr from C++\n";
	return 0;
}
